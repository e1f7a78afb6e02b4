#!/usr/bin/perl
# Build a large synthetic device-tree directory for tests/bench/fs2dt:
# 4096 cpu nodes, about 3000 PCI nodes nested up to four deep, 256 memory
# nodes, a 4 MiB ibm,dynamic-memory; over 100k files in all. Deterministic.
#
#   perl tests/bench/fs2dt-tree.pl DEST
#
# Not executable on purpose: tests/bench/run runs every executable here.
use strict;
use warnings;

my $top = shift or die "usage: fs2dt-tree.pl DEST\n";
my ($files, $nodes) = (0, 0);

sub node { my $d = shift; mkdir $d or die "mkdir $d: $!\n"; $nodes++; }
sub prop {
	my ($d, $name, $value) = @_;
	open(my $f, '>:raw', "$d/$name") or die "$d/$name: $!\n";
	print $f $value;
	close $f or die "$d/$name: $!\n";
	$files++;
}
sub str { join('', map { "$_\0" } @_) }
sub cells { pack('N*', @_) }

# Every node in /proc/device-tree has its "name" file.
sub named {
	my ($d, $name) = @_;
	node($d);
	prop($d, 'name', str($name));
}

named($top, '');
prop($top, '#address-cells', cells(2));
prop($top, '#size-cells', cells(2));
prop($top, 'compatible', str('qemu,pseries'));
prop($top, 'model', str('IBM pSeries (emulated by qemu)'));
prop($top, 'device_type', str('chrp'));
prop($top, 'reserved-ranges', cells(0, 0x7f000000, 0, 0x10000, 0, 0x7f800000, 0, 0x20000));

named("$top/chosen", 'chosen');
prop("$top/chosen", 'bootargs', str('console=hvc0 root=/dev/sda2 quiet'));
prop("$top/chosen", 'linux,stdout-path', str('/vdevice/vty@71000000'));
prop("$top/chosen", 'linux,kernel-end', cells(0, 0x2880000));
prop("$top/chosen", 'linux,initrd-start', cells(0, 0x2c90000));
prop("$top/chosen", 'linux,initrd-end', cells(0, 0x2ef336c));

named("$top/rtas", 'rtas');
prop("$top/rtas", 'linux,rtas-base', cells(0x2fff0000));
prop("$top/rtas", 'rtas-size', cells(0x85c));
prop("$top/rtas", "ibm,token-$_", cells(0x2a + $_)) for 0 .. 63;

my $cpus = "$top/cpus";
named($cpus, 'cpus');
prop($cpus, '#address-cells', cells(1));
prop($cpus, '#size-cells', cells(0));
for my $i (0 .. 4095) {
	my $c = sprintf('%s/PowerPC,POWER9@%x', $cpus, $i * 8);
	named($c, 'PowerPC,POWER9');
	prop($c, 'device_type', str('cpu'));
	prop($c, 'reg', cells($i * 8));
	prop($c, 'ibm,ppc-interrupt-server#s', cells(map { $i * 8 + $_ } 0 .. 7));
	prop($c, 'ibm,ppc-interrupt-gserver#s', cells(map { $i * 8 + $_, 0 } 0 .. 7));
	prop($c, 'clock-frequency', cells(0xee6b2800));
	prop($c, 'timebase-frequency', cells(0x1e848000));
	prop($c, 'd-cache-size', cells(0x8000));
	prop($c, 'i-cache-size', cells(0x8000));
	prop($c, 'd-cache-block-size', cells(0x80));
	prop($c, 'i-cache-block-size', cells(0x80));
	prop($c, 'd-cache-sets', cells(0x8));
	prop($c, 'i-cache-sets', cells(0x8));
	prop($c, 'slb-size', cells(0x20));
	prop($c, 'ibm,slb-size', cells(0x20));
	prop($c, 'ibm,vmx', cells(2));
	prop($c, 'ibm,dfp', cells(1));
	prop($c, 'ibm,purr', cells(1));
	prop($c, 'ibm,spurr', cells(1));
	prop($c, 'ibm,chip-id', cells($i >> 6));
	prop($c, 'ibm,associativity', cells(5, 0, 0, $i >> 6, $i >> 3, $i));
	prop($c, 'ibm,pa-features', pack('C*', map { ($_ * 37 + $i) & 255 } 0 .. 63));
	prop($c, 'ibm,segment-page-sizes', cells(map { ($_ * 0x1001) & 0xffff } 0 .. 31));
	prop($c, 'cpu-version', cells(0x4e1200));
	prop($c, 'status', str('okay'));
	prop($c, 'ibm,my-drc-index', cells(0x10000000 + $i));
}

for my $i (0 .. 255) {
	my $m = sprintf('%s/memory@%x', $top, $i << 28);
	named($m, 'memory');
	prop($m, 'device_type', str('memory'));
	prop($m, 'reg', cells(0, $i << 28, 0, 1 << 28));
	prop($m, 'ibm,associativity', cells(4, 0, 0, 0, $i >> 4));
	prop($m, 'ibm,my-drc-index', cells(0x80000000 + $i));
}

# ibm,dynamic-memory: a count, then 24-byte LMB entries; 4 MiB here.
my $drm = "$top/ibm,dynamic-reconfiguration-memory";
named($drm, 'ibm,dynamic-reconfiguration-memory');
my $lmbs = int((4 << 20) / 24);
prop($drm, 'ibm,dynamic-memory',
     cells($lmbs) . join('', map { pack('NNNNNN', 0, $_ << 28, 0x80000000 + $_, 0, 0, 8) } 0 .. $lmbs - 1));
prop($drm, 'ibm,lmb-size', cells(0, 0x10000000));
prop($drm, 'ibm,associativity-lookup-arrays', cells(map { $_ } 0 .. 63));

# PCI: 48 host bridges, 16 slots each, bridges nesting three levels down.
sub pci_dev {
	my ($d, $name, $depth, $fn) = @_;
	named($d, $name);
	prop($d, 'vendor-id', cells(0x1af4));
	prop($d, 'device-id', cells(0x1000 + $fn));
	prop($d, 'class-code', cells(0x20000));
	prop($d, 'reg', cells($fn << 8, 0, 0, 0, 0));
	prop($d, 'assigned-addresses', cells(0x82000000 | $fn << 8, 0, 0x10000000, 0, 0x4000));
	prop($d, 'interrupts', cells(1));
	prop($d, 'ibm,loc-code', str("U8286.42A.1234567-P1-C$fn"));
	prop($d, 'compatible', str('pciex1af4,1000', 'pci1af4,1000'));
	return unless $depth < 3 && $fn % 4 == 0;
	prop($d, '#address-cells', cells(3));
	prop($d, '#size-cells', cells(2));
	pci_dev(sprintf('%s/pci@%x', $d, $_), 'pci', $depth + 1, $_) for 0 .. 3;
}
for my $h (0 .. 47) {
	my $p = sprintf('%s/pci@8002%03x00000000', $top, $h);
	named($p, 'pci');
	prop($p, 'device_type', str('pci'));
	prop($p, 'linux,tce-base', cells(0, 0x7e000000 - $h * 0x100000));
	prop($p, 'linux,tce-size', cells(0x80000));
	prop($p, 'linux,pci-domain', cells($h));
	prop($p, '#address-cells', cells(3));
	prop($p, '#size-cells', cells(2));
	prop($p, 'ranges', cells(0x1000000, 0, 0, 0x200000, $h << 20, 0, 0x10000));
	pci_dev(sprintf('%s/ethernet@%x', $p, $_), 'ethernet', 0, $_) for 0 .. 15;
}

print STDERR "fs2dt-tree: $nodes nodes, $files files in $top\n";
