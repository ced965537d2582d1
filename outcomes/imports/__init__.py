"""Filing reviews from a spreadsheet: a template per framework version, and an import
that checks every row before storing any."""
