module flowzap

go 1.26.8
