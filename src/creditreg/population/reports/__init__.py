"""What the population engine produces for people: statistics, publications, report files."""
