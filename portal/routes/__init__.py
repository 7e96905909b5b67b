"""Portal routes, one module per journey."""
