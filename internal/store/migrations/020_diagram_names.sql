-- A saved diagram's name, shown in the web app and used for downloads.
ALTER TABLE diagrams ADD COLUMN name TEXT NOT NULL DEFAULT ''
