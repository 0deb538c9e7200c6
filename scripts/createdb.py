"""Create the PostgreSQL database of a URL if it does not exist yet: createdb.py postgres://…/name"""

import sys

import psycopg
from psycopg import sql

url = sys.argv[1]
server, name = url.rsplit("/", 1)
with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
    exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if not exists:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"Created the database {name}.")
