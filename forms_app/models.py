"""The Appendix B social media site request."""
