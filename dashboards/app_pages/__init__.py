"""Dashboard pages, one per user job; each is registered in ``dashboards/streamlit_app.py``."""
