"""GET @recent-changes: latest changes of centres and offers in a State."""
