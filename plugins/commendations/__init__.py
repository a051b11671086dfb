"""Annual selection and commendation of outstanding volunteers (嘉许激励)."""
