// Must not compile: a length and a level are different quantities (docs/formats.md#values-with-units).
#include <rigcheck/core/units.hpp>

int main() {
    rigcheck::length run(15.0);
    rigcheck::level signal(4.0);
    auto nonsense = run + signal;
    (void)nonsense;
}
