"""The dossier for the ethics committee (HTML and PDF), built offline."""
