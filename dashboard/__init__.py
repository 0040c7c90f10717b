"""zhibiao dashboard: Streamlit app (app.py) over importable, tested modules; `zhibiao dashboard` / `zhibiao chart`."""
