# The embed example takes no arguments. ctest runs it through tests/golden/run_golden.cmake and
# compares its standard output with embed.out and its exit status with embed.code.
