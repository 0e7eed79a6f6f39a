"""Machine-readable settings for mail programs, one module per format, all from `MailValues`."""
