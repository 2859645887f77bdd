"""What reviewers send back, traced to the sources: comments and tracked changes in a DOCX."""
