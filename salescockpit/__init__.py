"""Sales Cockpit: the domain package (no Streamlit outside `ui/`, no chart library outside the
`charts` modules)."""
