"""What every layer reads: data files, the shared word lists, the shapes of lines, numerals."""
