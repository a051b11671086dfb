"""Service time banked and withdrawn (志愿服务银行)."""
