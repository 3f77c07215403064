variable "servers" {
  default = 1
}

resource "aws_instance" "web" {
  count         = var.servers
  ami           = "ami-0abc"
  instance_type = "t3.micro"
  user_data     = "apt-get install -y nginx"
  tags = {
    Name = "shop-web-${count.index}"
  }
}

# A module called from outside the given directory calls another one, further out.
module "db" {
  source = "./../db"
}

output "instance_ids" {
  value = aws_instance.web[*].id
}
