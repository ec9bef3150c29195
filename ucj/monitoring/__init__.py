"""Monitoring and assistance visits, action items, Inpres 2/2021 compliance and socialisation."""
