// Consumer of rigcheck's CMake package: builds a two-device rig in code and prints a line the
// packaging tests check, proving headers, the generated version header and the library link.
#include <rigcheck/load/builder.hpp>
#include <rigcheck/core/version.hpp>

#include <cstdio>

namespace {

rigcheck::gear xlr_gear(std::string id, rigcheck::port_direction direction, rigcheck::signal_class signal) {
    const auto connector_gender = direction == rigcheck::port_direction::out ? rigcheck::connector_gender::male
                                                                             : rigcheck::connector_gender::female;
    const auto defaults = rigcheck::defaults_for(signal);
    rigcheck::port_face face;
    face.interface = rigcheck::interface_kind::balanced;
    face.signal = signal;
    face.pinout = *rigcheck::default_pinout(rigcheck::connector_type::xlr3, face.interface, direction);
    face.nominal = defaults.nominal;
    face.max = defaults.max;
    face.impedance = direction == rigcheck::port_direction::out ? defaults.output_impedance : defaults.input_impedance;

    rigcheck::port p;
    p.id = direction == rigcheck::port_direction::out ? "out" : "in";
    p.direction = direction;
    p.connector = {rigcheck::connector_type::xlr3, connector_gender};
    p.faces = face;

    rigcheck::gear g;
    g.id = std::move(id);
    g.ports.push_back(std::move(p));
    return g;
}

} // namespace

int main() {
    rigcheck::rig_builder builder("packaging");
    builder.add_gear(xlr_gear("example/mic", rigcheck::port_direction::out, rigcheck::signal_class::mic))
        .add_gear(xlr_gear("example/preamp", rigcheck::port_direction::in, rigcheck::signal_class::mic))
        .add_device("vox", "example/mic")
        .add_device("pre", "example/preamp")
        .connect("vox.out", "pre.in", {"xlr"});

    const auto rig = builder.try_build();
    if (!rig) {
        for (const auto& error : builder.errors()) std::fprintf(stderr, "%s\n", rigcheck::to_string(error).c_str());
        return 1;
    }
    std::printf("rigcheck %s: %zu connection(s)\n", rigcheck::version_string, rig->connections.size());
    return 0;
}
