"""sharetrack: who sells the phones in India, quarter by quarter."""
