#!/usr/bin/env python3
"""The real-device test of the NIC harness's vfio backend.

Boots a small Debian guest under QEMU (software emulation) with QEMU's virtual Intel IOMMU and an
emulated 82574L (e1000e), binds the NIC to vfio-pci in the initramfs, runs the built memfrag
binary there (nic-jumbo, vfio backend, buddy and mobility) and checks its results on the host:
frames sent and received with verified payloads, scatter-gather splitting a jumbo frame across
descriptors, contiguous buffers receiving it in one, drops when the allocator cannot supply
buffers, DMA mapping whole and per buffer, interrupts, and the IOMMU blocking a DMA to an
unmapped address (the guest kernel's DMAR fault); then that the soft model, run on the host
with the same settings, counts the same frames, drops, descriptors and mappings.

The guest kernel comes from Debian (apt-get download of the version linux-image-amd64 names),
cached in --cache. Exits 77 (skipped) with the reason when QEMU, busybox-static, cpio or the
kernel package is not available.
"""

import argparse
import json
import lzma
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

SKIP = 77
GUEST_ADDRESS = "0000:00:02.0"
E1000E_ID = "8086:10d3"
# Loaded in this order, each after what it depends on (vfio asks for its IOMMU backend at run
# time, so no module names vfio_iommu_type1 as a dependency).
VFIO_MODULES = ["vfio_iommu_type1", "vfio-pci"]
# The guest's runs: (name, extra --set overrides). The background load and traffic are small
# enough for software emulation; the region is fragmented so that contiguous buffers run out.
SMALL = ["workload.frames=8192", "workload.ops=60000", "nic.packets=5000"]
RUNS = [
    ("contiguous-whole", ["nic.buffers=contiguous", "nic.dma_map=whole"]),
    ("scatter-gather-whole", ["nic.buffers=scatter-gather", "nic.dma_map=whole"]),
    ("contiguous-per-buffer", ["nic.buffers=contiguous", "nic.dma_map=per-buffer"]),
    ("scatter-gather-per-buffer", ["nic.buffers=scatter-gather", "nic.dma_map=per-buffer"]),
    ("contiguous-msi-x", ["nic.buffers=contiguous", "nic.interrupts=msi-x",
                          "nic.packets=1000"]),
    ("contiguous-msi", ["nic.buffers=contiguous", "nic.interrupts=msi", "nic.packets=1000"]),
]
PLUGINS = ["buddy", "mobility"]
# Where the vfio modules and their dependencies live under lib/modules/<release>/kernel:
# top-level folders kept, and folders of drivers/ kept.
KEPT_MODULE_TREES = (("drivers", "virt"), ("vfio",))


def skip(reason):
    print(f"SKIPPED: {reason}")
    sys.exit(SKIP)


def fail(reason):
    print(f"FAILED: {reason}")
    sys.exit(1)


# ---- the guest kernel ---------------------------------------------------------------------------

def kernel_package():
    """The linux-image-<version>-amd64 package Debian's linux-image-amd64 depends on."""
    try:
        out = subprocess.run(["apt-cache", "depends", "linux-image-amd64"], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        return None, f"apt-cache cannot name the Debian kernel package: {error}"
    match = re.search(r"Depends: (linux-image-[0-9][^\s]*-amd64)", out)
    if not match:
        return None, "linux-image-amd64 names no kernel package (apt-get update?)"
    return match.group(1), None


def unpack_kernel(cache):
    """The folder holding the unpacked kernel package: downloaded once, then reused."""
    package, problem = kernel_package()
    unpacked = [p for p in cache.glob("linux-image-*-amd64") if (p / "boot").is_dir()]
    if package is None:
        if unpacked:
            return unpacked[0]
        skip(problem)
    folder = cache / package
    if (folder / "boot").is_dir():
        return folder
    debs = list(cache.glob(f"{package}_*.deb"))
    if not debs:
        result = subprocess.run(["apt-get", "download", package], cwd=cache,
                                capture_output=True, text=True)
        debs = list(cache.glob(f"{package}_*.deb"))
        if result.returncode != 0 or not debs:
            skip(f"apt-get download {package} failed: {result.stderr.strip()[-300:]}")
    tmp = cache / (package + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(tmp)], check=True)
    keep_only_what_the_guest_loads(tmp)
    for stale in unpacked:
        shutil.rmtree(stale)
    for stale in cache.glob("vmlinux-*"):
        stale.unlink()
    tmp.rename(folder)
    for deb in debs:
        deb.unlink()
    return folder


def keep_only_what_the_guest_loads(folder):
    """The kernel and the vfio modules with their dependencies: a few MB of the 400 the
    package unpacks to."""
    for release in (folder / "lib/modules").iterdir():
        kernel = release / "kernel"
        for part in list(kernel.iterdir()):
            if part.name not in KEPT_MODULE_TREES[0]:
                shutil.rmtree(part)
        drivers = kernel / "drivers"
        for part in list(drivers.iterdir()):
            if part.name not in KEPT_MODULE_TREES[1]:
                shutil.rmtree(part)
    for part in list(folder.iterdir()):
        if part.name not in ("boot", "lib"):
            shutil.rmtree(part)


def uncompressed_kernel(folder, cache):
    """The vmlinux ELF inside the vmlinuz (QEMU boots it through its PVH note, twice as fast);
    the vmlinuz itself when its payload is not xz."""
    vmlinuz = next((folder / "boot").glob("vmlinuz-*"))
    elf = cache / (vmlinuz.name.replace("vmlinuz", "vmlinux"))
    if elf.exists():
        return elf
    data = vmlinuz.read_bytes()
    start = data.find(b"\xfd7zXZ\x00")
    if start < 0:
        return vmlinuz
    payload = lzma.LZMADecompressor().decompress(data[start:])
    if not payload.startswith(b"\x7fELF"):
        return vmlinuz
    elf.write_bytes(payload)
    return elf


def module_dependencies(path):
    """The modules `path` depends on, from its .modinfo strings."""
    match = re.search(rb"\0depends=([^\0]*)\0", path.read_bytes())
    return [name for name in (match.group(1).decode().split(",") if match else []) if name]


def module_load_order(folder, names):
    release = next((folder / "lib/modules").iterdir())
    by_name = {}
    for path in release.rglob("*.ko"):
        by_name[path.stem.replace("-", "_")] = path
    order = []

    def visit(name):
        path = by_name[name.replace("-", "_")]
        if path in order:
            return
        for dependency in module_dependencies(path):
            visit(dependency)
        order.append(path)

    for name in names:
        visit(name)
    return order


# ---- the initramfs -------------------------------------------------------------------------------

def shared_libraries(binary):
    out = subprocess.run(["ldd", str(binary)], check=True, capture_output=True,
                         text=True).stdout
    libraries = []
    for line in out.splitlines():
        match = re.search(r"(/\S+)", line)
        if match and "vdso" not in line:
            libraries.append(Path(match.group(1)))
    return libraries


def copy_into(root, source, target=None):
    target = root / (target or str(source).lstrip("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(os.path.realpath(source), target)
    return target


INIT = r"""#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
stty -F /dev/ttyS1 raw -echo
for module in /modules/*.ko; do insmod "$module" || echo "memfrag-guest: insmod $module failed"; done
nic=""
for device in /sys/bus/pci/devices/*; do
  if [ "$(cat $device/vendor):$(cat $device/device)" = "0x@VENDOR@:0x@DEVICE@" ]; then
    nic=$(basename $device)
  fi
done
echo "memfrag-guest: NIC $nic"
if [ -e /sys/bus/pci/devices/$nic/driver ]; then
  echo $nic > /sys/bus/pci/devices/$nic/driver/unbind
fi
echo vfio-pci > /sys/bus/pci/devices/$nic/driver_override
echo $nic > /sys/bus/pci/drivers_probe
cd /tmp
result() { echo "=== $1"; cat "$2"; echo; echo "=== end"; } 
/memfrag/bin/memfrag nic probe > probe.txt 2>&1; echo "exit $?" >> probe.txt
result probe probe.txt > /dev/ttyS1
@RUNS@
dmesg > dmesg.txt
result dmesg dmesg.txt > /dev/ttyS1
echo "memfrag-guest: done"
poweroff -f
"""


def init_script(nic_runs):
    lines = []
    for name, overrides in nic_runs:
        sets = " ".join(f"--set {setting}" for setting in
                        SMALL + overrides + ["nic.backend=vfio", "nic.device=$nic"])
        plugins = " ".join(f"--plugin {plugin}" for plugin in PLUGINS)
        lines.append(f'start=$(date +%s)\n'
                     f'/memfrag/bin/memfrag run -q {plugins} --workload nic-jumbo {sets} '
                     f'--output {name}.json > {name}.log 2>&1; echo "exit $?" >> {name}.log\n'
                     f'echo "seconds $(( $(date +%s) - start ))" >> {name}.log\n'
                     f'echo "memfrag-guest: {name} done"\n'
                     f'result {name}.log {name}.log > /dev/ttyS1\n'
                     f'[ -f {name}.json ] && result {name} {name}.json > /dev/ttyS1')
    vendor, device = E1000E_ID.split(":")
    return (INIT.replace("@VENDOR@", vendor).replace("@DEVICE@", device)
            .replace("@RUNS@", "\n".join(lines)))


def build_initramfs(args, folder, work):
    root = work / "root"
    shutil.rmtree(root, ignore_errors=True)
    for sub in ["bin", "proc", "sys", "dev", "tmp", "modules"]:
        (root / sub).mkdir(parents=True)
    copy_into(root, args.busybox, "bin/busybox")
    for applet in ["sh", "mount", "insmod", "cat", "echo", "basename", "poweroff", "dmesg",
                   "stty", "date"]:
        (root / "bin" / applet).symlink_to("busybox")
    for index, module in enumerate(module_load_order(folder, VFIO_MODULES)):
        copy_into(root, module, f"modules/{index:02d}-{module.name}")
    prefix = Path(args.memfrag).resolve().parent.parent
    binaries = [copy_into(root, args.memfrag, "memfrag/bin/memfrag")]
    for plugin in PLUGINS:
        source = prefix / "lib/memfrag/plugins" / f"lib{plugin}.so"
        binaries.append(copy_into(root, source, f"memfrag/lib/memfrag/plugins/{source.name}"))
    if shutil.which("strip"):
        # Debug information is most of a RelWithDebInfo binary; the guest boots faster without.
        subprocess.run(["strip", "--strip-debug"] + [str(b) for b in binaries], check=True)
    copy_into(root, prefix / "share/memfrag/workloads/nic-jumbo.toml",
              "memfrag/share/memfrag/workloads/nic-jumbo.toml")
    for binary in [Path(args.memfrag)] + [prefix / "lib/memfrag/plugins" / f"lib{p}.so"
                                          for p in PLUGINS]:
        for library in shared_libraries(binary):
            copy_into(root, library)
    init = root / "init"
    init.write_text(init_script(RUNS))
    init.chmod(init.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    files = subprocess.run(["find", ".", "-mindepth", "1"], cwd=root, check=True,
                           capture_output=True).stdout
    image = work / "initramfs.cpio"
    with open(image, "wb") as out:
        subprocess.run(["cpio", "--quiet", "-o", "-H", "newc"], cwd=root, input=files,
                       stdout=out, check=True)
    return image


# ---- the guest run -------------------------------------------------------------------------------

def boot(args, kernel, initramfs, work):
    results = work / "results.txt"
    console = work / "console.txt"
    results.unlink(missing_ok=True)
    command = [args.qemu, "-accel", args.accel, "-cpu", "max", "-m", "1024", "-smp", "1",
               "-machine", "q35", "-vga", "none", "-display", "none", "-monitor", "none",
               "-device", "intel-iommu,intremap=on,aw-bits=48",
               "-netdev", "user,id=n0,restrict=on",
               "-device", "e1000e,netdev=n0,mac=52:54:00:12:34:56,romfile=,addr=0x2",
               "-kernel", str(kernel), "-initrd", str(initramfs),
               "-append", "console=ttyS0 intel_iommu=on loglevel=4 panic=-1",
               "-serial", f"file:{console}", "-serial", f"file:{results}", "-no-reboot"]
    start = time.monotonic()
    try:
        subprocess.run(command, check=False, timeout=args.timeout, stdin=subprocess.DEVNULL,
                       capture_output=True)
    except subprocess.TimeoutExpired:
        fail(f"the guest did not power off within {args.timeout} s; console:\n"
             + console.read_text(errors="replace")[-3000:])
    seconds = time.monotonic() - start
    return results.read_text(errors="replace").replace("\r", ""), \
        console.read_text(errors="replace"), seconds


def sections(text):
    found = {}
    for match in re.finditer(r"^=== (\S+)\n(.*?)\n=== end$", text, re.S | re.M):
        found[match.group(1)] = match.group(2)
    return found


# ---- checks --------------------------------------------------------------------------------------

class Checks:
    def __init__(self):
        self.failures = []

    def expect(self, condition, what):
        if not condition:
            self.failures.append(what)
        return condition


def figures_of(run):
    return {item["name"]: item["value"] for item in run["counts"]["workload_figures"]}


def check_run(checks, name, document):
    figures = {}
    for run in document["runs"]:
        plugin = run["plugin"]
        label = f"{name}/{plugin}"
        if not checks.expect(run["status"] == "ok", f"{label}: status {run['status']}: "
                             f"{run.get('message')}"):
            continue
        f = figures_of(run)
        figures[plugin] = (f, run["timing"].get("latencies", {}))
        sent, received, drops = f["packets_transmitted"], f["packets_received"], f["drops"]
        checks.expect(f["interface_up"] == 1, f"{label}: the interface did not come up")
        checks.expect(received > 0, f"{label}: no frame received")
        checks.expect(received + drops == sent,
                      f"{label}: received {received} + dropped {drops} != sent {sent}")
        checks.expect(f["payload_errors"] == 0, f"{label}: {f['payload_errors']} payload errors")
        checks.expect(f["dma_probe_blocked"] == 1,
                      f"{label}: the write to an unmapped address was not blocked")
        if "scatter-gather" in name:
            checks.expect(f["max_descriptors_per_packet"] == 3,
                          f"{label}: a 9014-byte frame took {f['max_descriptors_per_packet']} "
                          "descriptors, expected 3 of 4096 bytes")
            checks.expect(f["bytes_scatter_gather"] > 0, f"{label}: no frame was split")
        else:
            checks.expect(f["max_descriptors_per_packet"] == 1,
                          f"{label}: a frame took {f['max_descriptors_per_packet']} descriptors "
                          "with 16 KiB buffers, expected 1")
            checks.expect(f["bytes_scatter_gather"] == 0, f"{label}: a frame was split")
        if "per-buffer" in name:
            checks.expect(f["dma_maps"] > received and f["dma_maps"] == f["dma_unmaps"],
                          f"{label}: per-buffer mapping made {f['dma_maps']} maps and "
                          f"{f['dma_unmaps']} unmaps for {received} frames")
        elif "whole" in name:
            checks.expect(f["dma_maps"] == 2 and f["dma_unmaps"] == 2,
                          f"{label}: whole mapping made {f['dma_maps']} maps, expected the "
                          "region's and the probe's")
        if "msi" in name:
            checks.expect(f.get("interrupts", 0) > 0, f"{label}: no interrupt was seen")
    if name.startswith("contiguous"):
        checks.expect(any(f["drops_alloc_failed"] > 0 for f, _ in figures.values()),
                      f"{name}: no strategy ran out of contiguous buffers (no drop counted)")
    return figures


# Figures the soft model must reproduce: QEMU's e1000e completes a frame within the tail
# register write, as the model does, so for the same seed the two agree frame for frame.
SAME_AS_SOFT = ["packets_transmitted", "packets_received", "drops", "drops_alloc_failed",
                "refill_requests", "refill_failures", "rx_descriptors_used",
                "max_descriptors_per_packet", "bytes_received", "dma_maps", "dma_unmaps"]


def soft_figures(args, overrides, work):
    """The same run on the host with the soft backend."""
    output = work / "soft.json"
    sets = []
    for setting in SMALL + [o for o in overrides if not o.startswith("nic.interrupts=")]:
        sets += ["--set", setting]
    plugins = [item for plugin in PLUGINS for item in ("--plugin", plugin)]
    subprocess.run([args.memfrag, "run", "-q", *plugins, "--workload", "nic-jumbo", *sets,
                    "--output", str(output)], check=True, capture_output=True)
    return {run["plugin"]: figures_of(run) for run in json.loads(output.read_text())["runs"]}


def check_same_as_soft(checks, name, guest, soft):
    for plugin, (f, _) in guest.items():
        differing = [f"{key} {f[key]:.0f} (soft {soft[plugin][key]:.0f})" for key in SAME_AS_SOFT
                     if f[key] != soft[plugin][key]]
        checks.expect(not differing, f"{name}/{plugin}: the device and the soft model differ: "
                      + ", ".join(differing))


def latency(latencies, name):
    entry = latencies.get(name)
    return f"{entry['p50_ns'] / 1000:.1f}/{entry['max_ns'] / 1000:.0f} us" if entry else "-"


def report(all_figures, seconds):
    print(f"guest boot, {len(RUNS)} memfrag runs of {len(PLUGINS)} strategies and power-off: "
          f"{seconds:.1f} s")
    print(f"{'run':28} {'strategy':9} {'sent':>6} {'recv':>6} {'drops':>6} {'alloc':>6} "
          f"{'desc/f':>6} {'maps':>6} {'map p50/max':>16} {'unmap p50/max':>16} {'irq':>5}")
    for name, figures in all_figures.items():
        for plugin, (f, latencies) in figures.items():
            print(f"{name:28} {plugin:9} {f['packets_transmitted']:6.0f} "
                  f"{f['packets_received']:6.0f} {f['drops']:6.0f} "
                  f"{f['drops_alloc_failed']:6.0f} {f['max_descriptors_per_packet']:6.0f} "
                  f"{f['dma_maps']:6.0f} {latency(latencies, 'nic_dma_map'):>16} "
                  f"{latency(latencies, 'nic_dma_unmap'):>16} "
                  f"{int(f['interrupts']) if 'interrupts' in f else '-':>5}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memfrag", required=True, help="the built memfrag binary")
    parser.add_argument("--cache", required=True, help="folder for the kernel and the image")
    parser.add_argument("--qemu", default="qemu-system-x86_64")
    parser.add_argument("--busybox", default="/bin/busybox")
    parser.add_argument("--accel", default="tcg",
                        help="QEMU accelerator (tcg: the nested KVM of CI machines hangs)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds the guest may take")
    args = parser.parse_args()

    if shutil.which(args.qemu) is None:
        skip(f"no {args.qemu} (Debian package qemu-system-x86; scripts/setup test installs it)")
    args.qemu = shutil.which(args.qemu)
    busybox = Path(args.busybox)
    if not busybox.exists() or b"ld-linux" in busybox.read_bytes()[:4096]:
        skip(f"no static busybox at {busybox} (Debian package busybox-static)")
    for tool in ["cpio", "dpkg-deb", "ldd"]:
        if shutil.which(tool) is None:
            skip(f"no {tool} (Debian package cpio, dpkg or libc-bin)")
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    folder = unpack_kernel(cache)
    kernel = uncompressed_kernel(folder, cache)
    initramfs = build_initramfs(args, folder, cache)
    results, console, seconds = boot(args, kernel, initramfs, cache)
    found = sections(results)

    checks = Checks()
    probe = found.get("probe", "")
    print("guest: memfrag nic probe\n" + probe)
    checks.expect(f"[vfio] {GUEST_ADDRESS}  {E1000E_ID}  driver vfio-pci  IOMMU group" in probe
                  and "exit 0" in probe, "the guest's nic probe did not mark the e1000e usable")
    all_figures = {}
    for name, overrides in RUNS:
        if not checks.expect(name in found, f"{name}: no results from the guest; its log:\n"
                             + found.get(f"{name}.log", "(none)")):
            continue
        all_figures[name] = check_run(checks, name, json.loads(found[name]))
        check_same_as_soft(checks, name, all_figures[name], soft_figures(args, overrides, cache))
    dmesg = found.get("dmesg", "")
    faults = [line for line in dmesg.splitlines() if "DMAR" in line and "fault" in line.lower()]
    checks.expect(faults, "the guest kernel logged no DMAR fault for the probe's blocked write")
    print("guest kernel, IOMMU faults:\n  " + "\n  ".join(faults[:4]))
    report(all_figures, seconds)
    if checks.failures:
        print("console tail:\n" + console[-2000:])
        fail("\n  ".join([""] + checks.failures))
    print("PASSED")


if __name__ == "__main__":
    main()
