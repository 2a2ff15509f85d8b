module memtrace.test/gosvc

go 1.19
