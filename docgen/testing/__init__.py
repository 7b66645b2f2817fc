"""Test support: what the tests and scripts/ use to drive docgen, never imported by docgen."""
