#include "config.h"
#include "source-runtime.h"
#include "source-proc.h"
#include "util.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, (char *)buf + got, len - got, (off_t)(off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	return true;
}

struct elf_section {
	uint64_t addr, offset, size;
	uint32_t type;
};

struct elf_file {
	int fd;
	Elf64_Shdr *sh;
	size_t shnum;
	char *shstr;
	size_t shstr_len;
	bool big_endian;
};

static void elf_close(struct elf_file *e)
{
	free(e->sh);
	free(e->shstr);
}

/* Reads the section headers of a 64-bit little- or big-endian ELF file
 * (memtrace itself runs on the same machine, so only native-width
 * headers are decoded: 64-bit, host byte order). */
static int elf_open(struct elf_file *e, int fd)
{
	Elf64_Ehdr eh;
	Elf64_Shdr *str;

	memset(e, 0, sizeof(*e));
	e->fd = fd;
	if (!pread_full(fd, &eh, sizeof(eh), 0) || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
		return -ENOEXEC;
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shnum == 0 ||
	    eh.e_shnum > 4096 || eh.e_shstrndx >= eh.e_shnum)
		return -ENOEXEC;
	e->big_endian = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	e->shnum = eh.e_shnum;
	e->sh = xcalloc(e->shnum, sizeof(*e->sh));
	if (!pread_full(fd, e->sh, e->shnum * sizeof(*e->sh), eh.e_shoff))
		goto bad;
	str = &e->sh[eh.e_shstrndx];
	if (str->sh_size == 0 || str->sh_size > (1u << 20))
		goto bad;
	e->shstr_len = str->sh_size;
	e->shstr = xmalloc(e->shstr_len + 1);
	if (!pread_full(fd, e->shstr, e->shstr_len, str->sh_offset))
		goto bad;
	e->shstr[e->shstr_len] = '\0';
	return 0;
bad:
	elf_close(e);
	return -ENOEXEC;
}

static const Elf64_Shdr *elf_section(const struct elf_file *e, const char *name)
{
	for (size_t i = 0; i < e->shnum; i++)
		if (e->sh[i].sh_name < e->shstr_len && strcmp(e->shstr + e->sh[i].sh_name, name) == 0)
			return &e->sh[i];
	return NULL;
}

/* File offset of virtual address VADDR, through the section that holds it. */
static bool elf_vaddr_offset(const struct elf_file *e, uint64_t vaddr, uint64_t len, uint64_t *off)
{
	for (size_t i = 0; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];
		if (s->sh_type == SHT_NOBITS || s->sh_addr == 0)
			continue;
		if (vaddr >= s->sh_addr && vaddr + len <= s->sh_addr + s->sh_size) {
			*off = s->sh_offset + (vaddr - s->sh_addr);
			return true;
		}
	}
	return false;
}

static uint64_t read_ptr(const unsigned char *p, int size, bool big)
{
	uint64_t v = 0;

	for (int i = 0; i < size; i++)
		v |= (uint64_t)p[big ? size - 1 - i : i] << (8 * i);
	return v;
}

static void set_version(struct runtime_info *rt, const char *s, size_t n)
{
	if (n == 0 || n >= sizeof(rt->go_version) || memcmp(s, "go", 2) != 0)
		return;
	memcpy(rt->go_version, s, n);
	rt->go_version[n] = '\0';
}

/* Go's build info (see Go's debug/buildinfo): a 32-byte header starting
 * with "\xff Go buildinf:", pointer size, flags.  Since Go 1.18 (flag 2)
 * the version follows inline as a varint-prefixed string; before, the
 * header holds a pointer to a Go string header {data, len}. */
int runtime_read_go_buildinfo(int fd, struct runtime_info *rt)
{
	static const char magic[] = "\xff Go buildinf:";
	unsigned char hdr[64];
	struct elf_file e;
	const Elf64_Shdr *bi;
	int rc = elf_open(&e, fd);

	if (rc)
		return rc;
	bi = elf_section(&e, ".go.buildinfo");
	if (!bi) {
		/* Stripped of build info but still Go: its own sections remain. */
		if (elf_section(&e, ".gopclntab") || elf_section(&e, ".note.go.buildid"))
			rt->is_go = true;
		elf_close(&e);
		return 0;
	}
	rt->is_go = true;
	memset(hdr, 0, sizeof(hdr));
	if (bi->sh_size < 32 || !pread_full(fd, hdr, bi->sh_size < sizeof(hdr) ? bi->sh_size : sizeof(hdr), bi->sh_offset) ||
	    memcmp(hdr, magic, 14) != 0) {
		elf_close(&e);
		return 0;
	}
	int ptr_size = hdr[14];
	bool big = hdr[15] & 1;
	if (hdr[15] & 2) {
		/* inline: varint length, then the bytes */
		uint64_t n = 0;
		int shift = 0, i = 32;
		while (i < (int)sizeof(hdr) && shift < 63) {
			n |= (uint64_t)(hdr[i] & 0x7f) << shift;
			shift += 7;
			if (!(hdr[i++] & 0x80))
				break;
		}
		char v[32];
		if (n > 0 && n < sizeof(v) && pread_full(fd, v, n, bi->sh_offset + (uint64_t)i))
			set_version(rt, v, n);
	} else if (ptr_size == 4 || ptr_size == 8) {
		unsigned char strhdr[16];
		uint64_t str_vaddr = read_ptr(hdr + 16, ptr_size, big), off;
		if (elf_vaddr_offset(&e, str_vaddr, 2u * ptr_size, &off) && pread_full(fd, strhdr, 2u * ptr_size, off)) {
			uint64_t data = read_ptr(strhdr, ptr_size, big);
			uint64_t n = read_ptr(strhdr + ptr_size, ptr_size, big);
			char v[32];
			if (n > 0 && n < sizeof(v) && elf_vaddr_offset(&e, data, n, &off) && pread_full(fd, v, n, off))
				set_version(rt, v, n);
		}
	}
	elf_close(&e);
	return 0;
}

int runtime_read_exe(const char *root, pid_t pid, struct runtime_info *rt)
{
	int fd = proc_open(root, pid, "exe");
	int rc;

	if (fd < 0)
		return fd;
	rc = runtime_read_go_buildinfo(fd, rt);
	close(fd);
	rt->exe_read = rc == 0;
	return rc == -ENOEXEC ? 0 : rc;
}

int runtime_read_environ(const char *root, pid_t pid, struct runtime_info *rt)
{
	char *env;
	size_t len;
	int rc = proc_read_file(root, pid, "environ", &env, &len);

	if (rc) {
		rt->environ_errno = -rc;
		return rc;
	}
	rt->environ_read = true;
	for (size_t i = 0; i < len;) {
		const char *var = env + i;
		size_t n = strnlen(var, len - i);
		const char *eq = memchr(var, '=', n);

		if (eq) {
			for (int k = 0; k < RUNTIME_SETTINGS; k++) {
				size_t kl = strlen(runtime_setting_names[k]);
				if ((size_t)(eq - var) == kl && memcmp(var, runtime_setting_names[k], kl) == 0) {
					free(rt->settings[k]);
					rt->settings[k] = xstrndup(eq + 1, n - kl - 1);
				}
			}
		}
		i += n + 1;
	}
	free(env);
	return 0;
}
