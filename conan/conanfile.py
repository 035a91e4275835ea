# Conan 2 recipe for rigcheck: builds the library (and optionally the CLI) with the project's own
# CMakeLists.txt and describes the result the way rigcheck's CMake package does, so consumers
# write `find_package(rigcheck CONFIG REQUIRED)` and link `rigcheck::rigcheck` either way.
import os
import re

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy, load, rmdir

required_conan_version = ">=2.0"


class RigcheckConan(ConanFile):
    name = "rigcheck"
    description = "Models audio gear and validates rigs with YAML rules"
    topics = ("audio", "yaml", "validation", "linter")
    package_type = "library"
    settings = "os", "arch", "compiler", "build_type"
    options = {
        "shared": [True, False],
        "fPIC": [True, False],
        "with_cli": [True, False],
    }
    default_options = {
        "shared": False,
        "fPIC": True,
        # Conan consumers link the library; the command-line tool is opt-in.
        "with_cli": False,
        # rigcheck uses Boost.Variant2 only, which is header-only.
        "boost/*:header_only": True,
    }

    def set_version(self):
        # The version has one source of truth: the project() call of the top-level CMakeLists.txt.
        cmakelists = load(self, os.path.join(self.recipe_folder, "..", "CMakeLists.txt"))
        match = re.search(r"project\(\s*rigcheck\s+VERSION\s+([0-9][0-9.]*)", cmakelists)
        if not match:
            raise ConanException("no `project(rigcheck VERSION ...)` in CMakeLists.txt")
        self.version = match.group(1)

    def export_sources(self):
        # The recipe lives in conan/; the sources are one level up. Builtin data (catalog, rule
        # packs) is compiled into the library, so it is part of the sources; the JSON Schemas are
        # built by the library's own code.
        root = os.path.join(self.recipe_folder, "..")
        for pattern in ("CMakeLists.txt", "cmake/*", "include/*", "src/*", "catalog/*", "rules/*"):
            copy(self, pattern, root, self.export_sources_folder)

    def config_options(self):
        if self.settings.os == "Windows":
            del self.options.fPIC

    def configure(self):
        if self.options.shared:
            self.options.rm_safe("fPIC")

    def layout(self):
        self.folders.root = ".."
        cmake_layout(self)

    def requirements(self):
        # Boost appears in the public headers; the others are private to the library but reach a
        # static rigcheck's consumers at link time, which Conan propagates by itself.
        self.requires("boost/1.83.0", transitive_headers=True)
        self.requires("yaml-cpp/0.7.0")
        self.requires("fmt/9.1.0")
        self.requires("nlohmann_json/3.11.2")
        if self.options.with_cli:
            self.requires("cli11/2.3.2")

    def validate(self):
        check_min_cppstd(self, 20)

    def generate(self):
        toolchain = CMakeToolchain(self)
        toolchain.cache_variables["RIGCHECK_BUILD_TESTS"] = False
        toolchain.cache_variables["RIGCHECK_BUILD_BENCH"] = False
        toolchain.cache_variables["RIGCHECK_BUILD_CLI"] = bool(self.options.with_cli)
        toolchain.cache_variables["RIGCHECK_INSTALL"] = True
        toolchain.generate()
        CMakeDeps(self).generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def package(self):
        CMake(self).install()
        # Conan describes the package itself (package_info below); the installed CMake and
        # pkg-config files would refer to dependencies by their system locations.
        rmdir(self, os.path.join(self.package_folder, "lib", "cmake"))
        rmdir(self, os.path.join(self.package_folder, "lib", "pkgconfig"))

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "rigcheck")
        self.cpp_info.set_property("cmake_target_name", "rigcheck::rigcheck")
        self.cpp_info.set_property("pkg_config_name", "rigcheck")
        self.cpp_info.libs = ["rigcheck"]
