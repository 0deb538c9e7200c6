"""`ogop shell` starts with the models imported and no list of ones it could not import."""

from io import StringIO

from django.core.management import call_command


def test_the_shell_imports_the_models_and_names_none_it_could_not(db, capsys):
    out = StringIO()
    call_command("shell", command="print(Product.__name__, ProducerGroup.__name__)", stdout=out)
    assert capsys.readouterr().out.strip() == "Product ProducerGroup"
    assert "could not be automatically imported" not in out.getvalue()
    assert "objects imported automatically" in out.getvalue()
