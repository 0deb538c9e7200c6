"""The registry's files: producer groups and products, out to CSV or XLSX and back in.

One feature that reads and writes two apps' records, so it sits in products (which may read
producers) as a package of its own: `kinds` says what each file holds, `exporting` and
`importing` are its two directions, `forms` and `views` its page.
"""
