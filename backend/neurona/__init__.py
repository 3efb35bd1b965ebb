"""Neurona: a self-hosted, visual deep learning playground."""

__version__ = "0.1.0"
