variable "domain" {
  type    = string
  default = "shop.example.com"
}

variable "web_count" {
  type    = number
  default = 1
}

variable "admin_cidr" {
  type = string
}

variable "app_ports" {
  type    = list(number)
  default = [8080]
}
