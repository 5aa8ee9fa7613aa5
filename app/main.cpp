// Placeholder until the app issue lands.
#include <cstdio>
int main() { std::puts("deblur " DEBLUR_VERSION); return 0; }
