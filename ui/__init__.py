"""Streamlit helpers: the page list, per-user state, editing widgets, charts and the sidebar."""
