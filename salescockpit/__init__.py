"""Sales Cockpit: the domain package (no Streamlit outside `ui/`, no plotly outside `charts`)."""
