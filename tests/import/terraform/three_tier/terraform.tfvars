web_count  = 2
admin_cidr = "203.0.113.0/24"
