"""POST @confirm-data: a centre confirms that its data is current."""
