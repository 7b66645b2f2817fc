"""docgen: conventions, avenants and deliberation annexes for prévention spécialisée."""
