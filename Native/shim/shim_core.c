/*
 * The DumpFramework shim: the ScsiPort/Storport library a native miniport imports, running inside the native miniport
 * worker (dumpstack native-worker). Each routine the miniport calls is answered here or forwarded over the worker's
 * pipe to the dump port in the host (dumpfw_protocol.h), where the controller model's registers and the dump log are.
 * A fault in the miniport (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT) is reported on stderr as one
 * "DUMPFW-CRASH: ..." line naming the signal, the address, the symbol where known and the miniport routine it was
 * in, and the worker ends; the host turns that into the dump's failure.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <ucontext.h>

#include <storport.h>
#include "shim_internal.h"

/* Windows' dump port gives a miniport at most this much uncached extension (see UncachedExtensionAllocator). */
#define DUMPFW_DATA_RESERVATION (64u << 20)
#define DUMPFW_MAX_WINDOWS DUMPFW_MAX_ACCESS_RANGES

typedef struct dumpfw_window {
    uint8_t *base;        /* a PROT_NONE reservation: the miniport must use the Read/Write routines */
    uint32_t length;
    uint32_t reservation;
    uint32_t index;       /* the access range it maps */
    int in_memory;
} dumpfw_window;

typedef struct dumpfw_slot {
    SCSI_REQUEST_BLOCK srb;
    dumpfw_request request;   /* what the host sent for it */
    int active;
    int data_written;
    uint8_t *data;            /* where DataBuffer points */
    STOR_SCATTER_GATHER_LIST *sg;
} dumpfw_slot;

typedef struct dumpfw_lu {
    uint8_t path, target, lun, used;
    void *extension;
} dumpfw_lu;

dumpfw_registration dumpfw_registered;

/* An arena offset as an address. In process (dumpfw_inprocess_call) the base is 0 and offsets are addresses. */
#define AT(offset) ((uint8_t *)((uintptr_t)g.arena + (uintptr_t)(offset)))

/* The host's callback when the miniport runs in the host's own process: kind, payload, reply buffer; returns the
 * reply's full length. */
typedef uint32_t dumpfw_host_callback(uint32_t kind, const void *payload, uint32_t length, void *reply, uint32_t reply_capacity);

static struct {
    dumpfw_host_callback *host;    /* in process: callbacks are direct calls, returns go to return_buffer */
    void *return_buffer;
    uint32_t return_capacity;
    uint32_t return_length;
    pid_t routine_thread;          /* the thread running the miniport routine: only its faults are the miniport's */
    int in_fd;
    int out_fd;
    uint32_t links;
    void *library;
    char library_path[1024];
    uint8_t *arena;
    uint64_t arena_length;
    void *device_extension;
    PORT_CONFIGURATION_INFORMATION configuration;
    ACCESS_RANGE ranges[DUMPFW_MAX_ACCESS_RANGES];
    uint32_t range_count;
    dumpfw_window windows[DUMPFW_MAX_WINDOWS];
    dumpfw_region uncached;
    int has_uncached;
    dumpfw_region dump_region;
    int has_dump_region;
    dumpfw_slot slots[DUMPFW_SLOTS];
    uint8_t *data_reservation[DUMPFW_SLOTS];
    dumpfw_lu lus[16];
    volatile const char *routine;  /* the miniport routine running, for crash reports */
    volatile int in_host;          /* waiting for the host: a fault now is the shim's, not the miniport's */
    struct sigaction previous[32];
} g;

/* ---------------------------------------------------------------- pipe */

static void fail_pipe(const char *what)
{
    char line[256];
    int n = snprintf(line, sizeof line, "DUMPFW-PIPE: %s: %s\n", what, strerror(errno));
    if (n > 0) {
        (void)!write(2, line, (size_t)n);
    }
    _exit(71);
}

static void write_all(const void *data, size_t length)
{
    const uint8_t *p = data;
    while (length > 0) {
        ssize_t n = write(g.out_fd, p, length);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            fail_pipe("writing to the host");
        }
        p += n;
        length -= (size_t)n;
    }
}

static void read_all(void *data, size_t length)
{
    uint8_t *p = data;
    while (length > 0) {
        ssize_t n = read(g.in_fd, p, length);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n == 0) {
            _exit(0); /* the host went away: nothing left to do */
        }
        if (n < 0) {
            fail_pipe("reading from the host");
        }
        p += n;
        length -= (size_t)n;
    }
}

static void send_message(uint32_t kind, const void *payload, uint32_t length)
{
    dumpfw_header header = { kind, length };
    write_all(&header, sizeof header);
    if (length > 0) {
        write_all(payload, length);
    }
}

/* A callback: the request goes to the host, the answer (up to reply_capacity bytes) comes back. */
static uint32_t callback(uint32_t kind, const void *payload, uint32_t length, void *reply, uint32_t reply_capacity)
{
    if (g.host) {
        g.in_host = 1;
        uint32_t full = g.host(kind, payload, length, reply, reply_capacity);
        g.in_host = 0;
        return full;
    }
    g.in_host = 1;
    send_message(kind, payload, length);
    dumpfw_header header;
    read_all(&header, sizeof header);
    if (header.kind != DUMPFW_CALLBACK_REPLY) {
        errno = EPROTO;
        fail_pipe("the host answered a callback with something else");
    }
    uint32_t keep = header.length < reply_capacity ? header.length : reply_capacity;
    if (keep > 0) {
        read_all(reply, keep);
    }
    for (uint32_t left = header.length - keep; left > 0;) {
        uint8_t sink[256];
        uint32_t chunk = left < sizeof sink ? left : (uint32_t)sizeof sink;
        read_all(sink, chunk);
        left -= chunk;
    }
    g.in_host = 0;
    return header.length;
}

/* ---------------------------------------------------------------- logging */

void dumpfw_log_va(uint32_t level, const char *prefix, const char *format, va_list arguments)
{
    dumpfw_log log;
    memset(&log, 0, sizeof log);
    log.level = level;
    int used = prefix ? snprintf(log.text, sizeof log.text, "%s", prefix) : 0;
    if (used < 0) {
        used = 0;
    }
    if ((size_t)used < sizeof log.text) {
        vsnprintf(log.text + used, sizeof log.text - (size_t)used, format, arguments);
    }
    size_t n = strlen(log.text);
    while (n > 0 && (log.text[n - 1] == '\n' || log.text[n - 1] == '\r')) {
        log.text[--n] = '\0';
    }
    callback(DUMPFW_CB_LOG, &log, (uint32_t)sizeof log, NULL, 0);
}

void dumpfw_log_text(uint32_t level, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    dumpfw_log_va(level, NULL, format, arguments);
    va_end(arguments);
}

void dumpfw_refuse(const char *routine, const char *why)
{
    dumpfw_log_text(DUMPFW_LOG_REFUSED, "%s: %s", routine, why);
}

void dumpfw_debug_print(uint32_t level, const char *format, va_list arguments)
{
    char prefix[32];
    snprintf(prefix, sizeof prefix, "[debug %u] ", level);
    dumpfw_log_va(DUMPFW_LOG_DEBUG, prefix, format, arguments);
}

/* ---------------------------------------------------------------- crash reports */

static void append(char *buffer, size_t size, size_t *used, const char *text)
{
    while (*text && *used + 1 < size) {
        buffer[(*used)++] = *text++;
    }
    buffer[*used] = '\0';
}

static void append_hex(char *buffer, size_t size, size_t *used, uint64_t value)
{
    char digits[19] = "0x";
    int n = 2;
    int started = 0;
    for (int shift = 60; shift >= 0; shift -= 4) {
        int digit = (int)((value >> shift) & 0xF);
        if (digit || started || shift == 0) {
            digits[n++] = "0123456789abcdef"[digit];
            started = 1;
        }
    }
    digits[n] = '\0';
    append(buffer, size, used, digits);
}

static const char *signal_name(int signal_number)
{
    switch (signal_number) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGFPE: return "SIGFPE";
    case SIGABRT: return "SIGABRT";
    default: return "signal";
    }
}

/* Where an address is: "symbol+0xoff" from the dynamic symbols, else "library+0xoff". Not strictly
 * async-signal-safe (dladdr), acceptable in a process that is about to end. */
static void describe_code(char *buffer, size_t size, size_t *used, uint64_t address)
{
    Dl_info info;
    if (address != 0 && dladdr((void *)(uintptr_t)address, &info) && info.dli_fname) {
        if (info.dli_sname && info.dli_saddr) {
            append(buffer, size, used, info.dli_sname);
            append(buffer, size, used, "+");
            append_hex(buffer, size, used, address - (uint64_t)(uintptr_t)info.dli_saddr);
        } else {
            const char *slash = strrchr(info.dli_fname, '/');
            append(buffer, size, used, slash ? slash + 1 : info.dli_fname);
            append(buffer, size, used, "+");
            append_hex(buffer, size, used, address - (uint64_t)(uintptr_t)info.dli_fbase);
        }
    } else {
        append(buffer, size, used, "unknown code");
    }
}

static void crash_handler(int signal_number, siginfo_t *info, void *context)
{
    const char *routine = (const char *)g.routine;
    if (routine == NULL || g.in_host || (pid_t)syscall(SYS_gettid) != g.routine_thread) {
        /* Not the miniport's fault (the worker's own code, another thread): the previous handler (the runtime's) has
         * it; called directly so that this one stays installed for the miniport's next routine. */
        struct sigaction *previous = &g.previous[signal_number];
        if ((previous->sa_flags & SA_SIGINFO) && previous->sa_sigaction) {
            previous->sa_sigaction(signal_number, info, context);
            return;
        }
        if (previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN && previous->sa_handler) {
            previous->sa_handler(signal_number);
            return;
        }
        sigaction(signal_number, previous, NULL);
        return;
    }

    uint64_t pc = 0;
#if defined(__x86_64__)
    pc = (uint64_t)((ucontext_t *)context)->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    pc = (uint64_t)((ucontext_t *)context)->uc_mcontext.pc;
#endif
    uint64_t fault = (uint64_t)(uintptr_t)info->si_addr;
    char line[768];
    size_t used = 0;
    line[0] = '\0';
    append(line, sizeof line, &used, "DUMPFW-CRASH: ");
    append(line, sizeof line, &used, signal_name(signal_number));
    if (signal_number == SIGSEGV || signal_number == SIGBUS) {
        append(line, sizeof line, &used, " at ");
        append_hex(line, sizeof line, &used, fault);
        append(line, sizeof line, &used, " (");
        describe_code(line, sizeof line, &used, pc);
        append(line, sizeof line, &used, ")");
        for (int i = 0; i < DUMPFW_MAX_WINDOWS; i++) {
            dumpfw_window *w = &g.windows[i];
            if (w->base && fault >= (uint64_t)(uintptr_t)w->base && fault < (uint64_t)(uintptr_t)w->base + w->reservation) {
                append(line, sizeof line, &used, ": a direct dereference of the device base of access range ");
                append_hex(line, sizeof line, &used, w->index);
                append(line, sizeof line, &used, " at offset ");
                append_hex(line, sizeof line, &used, fault - (uint64_t)(uintptr_t)w->base);
                append(line, sizeof line, &used, " (registers are reached only through the Read/Write routines)");
                break;
            }
        }
    } else {
        append(line, sizeof line, &used, " at ");
        append_hex(line, sizeof line, &used, pc);
        append(line, sizeof line, &used, " (");
        describe_code(line, sizeof line, &used, pc);
        append(line, sizeof line, &used, ")");
    }
    append(line, sizeof line, &used, " while in ");
    append(line, sizeof line, &used, routine);
    append(line, sizeof line, &used, "\n");
    (void)!write(2, line, used);
    _exit(70);
}

static void install_crash_handlers(void)
{
    static uint8_t alternate[1 << 16];
    stack_t stack = { .ss_sp = alternate, .ss_size = sizeof alternate, .ss_flags = 0 };
    sigaltstack(&stack, NULL);
    int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = crash_handler;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
        sigemptyset(&action.sa_mask);
        sigaction(signals[i], &action, &g.previous[signals[i]]);
    }
}

/* ---------------------------------------------------------------- registration */

uint32_t dumpfw_register(const dumpfw_registration *registration, const char *routine)
{
    if (registration->links != g.links) {
        dumpfw_refuse(routine, g.links == DUMPFW_LINKS_STORPORT
            ? "the manifest links this miniport against storport, and it registered with ScsiPortInitialize"
            : "the manifest links this miniport against scsiport, and it registered with StorPortInitialize");
        return (uint32_t)STATUS_UNSUCCESSFUL;
    }
    if (registration->find_adapter == NULL || registration->start_io == NULL || registration->initialize == NULL || registration->interrupt == NULL) {
        dumpfw_refuse(routine, "HwFindAdapter, HwInitialize, HwStartIo and HwInterrupt are required");
        return (uint32_t)STATUS_INVALID_PARAMETER;
    }
    dumpfw_registered = *registration;
    dumpfw_registered.registered = 1;
    return (uint32_t)STATUS_SUCCESS;
}

/* ---------------------------------------------------------------- registers */

static dumpfw_window *window_of(const volatile void *address, uint32_t width, uint32_t *offset)
{
    uint64_t a = (uint64_t)(uintptr_t)address;
    for (int i = 0; i < DUMPFW_MAX_WINDOWS; i++) {
        dumpfw_window *w = &g.windows[i];
        if (w->base && a >= (uint64_t)(uintptr_t)w->base && a + width <= (uint64_t)(uintptr_t)w->base + w->length) {
            *offset = (uint32_t)(a - (uint64_t)(uintptr_t)w->base);
            return w;
        }
    }
    return NULL;
}

static void bad_register(const char *routine, const volatile void *address)
{
    dumpfw_log_text(DUMPFW_LOG_REFUSED, "%s: %p is not inside a device base this miniport mapped (reads return all ones, writes are dropped)",
                    routine, (const void *)address);
}

uint32_t dumpfw_read(const char *routine, const volatile void *address, uint32_t width)
{
    uint32_t offset;
    dumpfw_window *w = window_of(address, width, &offset);
    if (w == NULL) {
        bad_register(routine, address);
        return width == 4 ? 0xFFFFFFFFu : width == 2 ? 0xFFFFu : 0xFFu;
    }
    dumpfw_register_access access = { w->index, offset, width, 0 };
    uint32_t value = 0;
    callback(DUMPFW_CB_READ_REGISTER, &access, (uint32_t)sizeof access, &value, (uint32_t)sizeof value);
    return value;
}

void dumpfw_write(const char *routine, volatile void *address, uint32_t width, uint32_t value)
{
    uint32_t offset;
    dumpfw_window *w = window_of(address, width, &offset);
    if (w == NULL) {
        bad_register(routine, address);
        return;
    }
    dumpfw_register_access access = { w->index, offset, width, value };
    callback(DUMPFW_CB_WRITE_REGISTER, &access, (uint32_t)sizeof access, NULL, 0);
}

void dumpfw_read_buffer(const char *routine, const volatile void *address, void *buffer, uint32_t count, uint32_t width, int advance)
{
    uint8_t *out = buffer;
    for (uint32_t i = 0; i < count; i++) {
        const volatile uint8_t *at = (const volatile uint8_t *)address + (advance ? (size_t)i * width : 0);
        uint32_t value = dumpfw_read(routine, at, width);
        memcpy(out + (size_t)i * width, &value, width);
    }
}

void dumpfw_write_buffer(const char *routine, volatile void *address, const void *buffer, uint32_t count, uint32_t width, int advance)
{
    const uint8_t *in = buffer;
    for (uint32_t i = 0; i < count; i++) {
        volatile uint8_t *at = (volatile uint8_t *)address + (advance ? (size_t)i * width : 0);
        uint32_t value = 0;
        memcpy(&value, in + (size_t)i * width, width);
        dumpfw_write(routine, at, width, value);
    }
}

void *dumpfw_device_base(const char *routine, uint64_t address, uint32_t length, int in_io_space)
{
    for (uint32_t i = 0; i < g.range_count; i++) {
        ACCESS_RANGE *range = &g.ranges[i];
        uint64_t start = (uint64_t)range->RangeStart.QuadPart;
        if (address >= start && address - start + length <= range->RangeLength && (!range->RangeInMemory) == (in_io_space != 0)) {
            dumpfw_window *w = &g.windows[i];
            if (w->base == NULL) {
                size_t reservation = ((size_t)range->RangeLength + 0xFFFu) & ~(size_t)0xFFFu;
                void *base = mmap(NULL, reservation, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
                if (base == MAP_FAILED) {
                    dumpfw_refuse(routine, "no address space for the device base");
                    return NULL;
                }
                w->base = base;
                w->length = range->RangeLength;
                w->reservation = (uint32_t)reservation;
                w->index = i;
                w->in_memory = range->RangeInMemory;
            }
            return w->base + (address - start);
        }
    }
    dumpfw_log_text(DUMPFW_LOG_REFUSED, "%s: %s range 0x%llx length 0x%x is not one of the adapter's access ranges", routine,
                    in_io_space ? "I/O" : "memory", (unsigned long long)address, length);
    return NULL;
}

void dumpfw_free_device_base(const char *routine, void *mapped)
{
    /* The mapping stays: in dump mode nothing is unmapped, and a later access still reaches the registers. */
    (void)routine;
    (void)mapped;
}

int dumpfw_validate_range(uint64_t address, uint32_t length, int in_io_space)
{
    for (uint32_t i = 0; i < g.range_count; i++) {
        ACCESS_RANGE *range = &g.ranges[i];
        uint64_t start = (uint64_t)range->RangeStart.QuadPart;
        if (address >= start && address - start + length <= range->RangeLength && (!range->RangeInMemory) == (in_io_space != 0)) {
            return 1;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- time, bus data, memory */

void dumpfw_stall(uint32_t microseconds)
{
    callback(DUMPFW_CB_STALL, &microseconds, (uint32_t)sizeof microseconds, NULL, 0);
}

void dumpfw_query_time(int64_t *time_value)
{
    /* 100 ns units since 1601, as KeQuerySystemTime: the worker's wall clock is as good as the crashed system's. */
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    *time_value = (int64_t)now.tv_sec * 10000000 + now.tv_nsec / 100 + 116444736000000000LL;
}

uint32_t dumpfw_get_bus_data(const char *routine, uint32_t type, uint32_t bus, uint32_t slot, void *buffer, uint32_t offset, uint32_t length, int write)
{
    if (write) {
        dumpfw_refuse(routine, "the dump port does not write PCI configuration space in dump mode; nothing was written");
        return 0;
    }
    if (length > 4096 || offset > 4096) {
        return 0;
    }
    dumpfw_bus_data request = { type, bus, slot, offset, length, 0 };
    uint8_t reply[4 + 4096];
    uint32_t got = callback(DUMPFW_CB_BUS_DATA, &request, (uint32_t)sizeof request, reply, (uint32_t)sizeof reply);
    uint32_t count = 0;
    if (got >= 4) {
        memcpy(&count, reply, 4);
        if (count > length || count > got - 4) {
            count = 0;
        }
        memcpy(buffer, reply + 4, count);
    }
    return count;
}

void *dumpfw_get_uncached_extension(const char *routine, void *configuration, uint32_t length)
{
    PORT_CONFIGURATION_INFORMATION *config = configuration;
    if (g.has_uncached) {
        if (length <= g.uncached.length) {
            return AT(g.uncached.arena_offset);
        }
        dumpfw_refuse(routine, "an uncached extension was handed out already and a larger one cannot be allocated");
        return NULL;
    }
    dumpfw_uncached_extension request = { length, config && (config->Dma64BitAddresses & (SCSI_DMA64_MINIPORT_SUPPORTED | SCSI_DMA64_MINIPORT_FULL64BIT_SUPPORTED)) ? 1u : 0u };
    dumpfw_region region;
    memset(&region, 0, sizeof region);
    callback(DUMPFW_CB_UNCACHED_EXTENSION, &request, (uint32_t)sizeof request, &region, (uint32_t)sizeof region);
    if (region.length == 0 || region.arena_offset + region.length > g.arena_length) {
        return NULL; /* the host logged why */
    }
    g.uncached = region;
    g.has_uncached = 1;
    return AT(region.arena_offset);
}

static dumpfw_slot *slot_of(const void *srb)
{
    for (int i = 0; i < DUMPFW_SLOTS; i++) {
        if ((const void *)&g.slots[i].srb == srb) {
            return &g.slots[i];
        }
    }
    return NULL;
}

static int within(const void *address, const void *base, uint64_t length, uint64_t *offset)
{
    uint64_t a = (uint64_t)(uintptr_t)address;
    uint64_t b = (uint64_t)(uintptr_t)base;
    if (base != NULL && a >= b && a - b < length) {
        *offset = a - b;
        return 1;
    }
    return 0;
}

uint64_t dumpfw_physical_address(const char *routine, void *srb, void *virtual_address, uint32_t *length)
{
    uint64_t offset;
    dumpfw_slot *slot = srb ? slot_of(srb) : NULL;
    if (slot && within(virtual_address, slot->srb.DataBuffer, slot->request.data_transfer_length, &offset)) {
        for (uint32_t i = 0; i < slot->request.segment_count; i++) {
            dumpfw_segment *s = &slot->request.segments[i];
            if (offset < s->length) {
                if (length) {
                    *length = (uint32_t)(s->length - offset);
                }
                return s->physical + offset;
            }
            offset -= s->length;
        }
    }
    for (int i = 0; i < DUMPFW_SLOTS; i++) {
        dumpfw_slot *s = &g.slots[i];
        if (s->request.sense_offset != UINT64_MAX && within(virtual_address, AT(s->request.sense_offset), s->request.sense_info_buffer_length, &offset)) {
            if (length) {
                *length = (uint32_t)(s->request.sense_info_buffer_length - offset);
            }
            return s->request.sense_physical + offset;
        }
        if (s->request.extension_offset != UINT64_MAX && within(virtual_address, AT(s->request.extension_offset), s->request.extension_length, &offset)) {
            if (length) {
                *length = (uint32_t)(s->request.extension_length - offset);
            }
            return s->request.extension_physical + offset;
        }
    }
    if (g.has_uncached && within(virtual_address, AT(g.uncached.arena_offset), g.uncached.length, &offset)) {
        if (length) {
            *length = (uint32_t)(g.uncached.length - offset);
        }
        return g.uncached.physical + offset;
    }
    if (g.has_dump_region && within(virtual_address, AT(g.dump_region.arena_offset), g.dump_region.length, &offset)) {
        if (length) {
            *length = (uint32_t)(g.dump_region.length - offset);
        }
        return g.dump_region.physical + offset;
    }
    dumpfw_log_text(DUMPFW_LOG_REFUSED, "%s: %p is not in memory the port gave the miniport (uncached extension, dump region, SRB data, sense buffer or SRB extension); returning 0",
                    routine, virtual_address);
    if (length) {
        *length = 0;
    }
    return 0;
}

void *dumpfw_virtual_address(uint64_t physical)
{
    if (g.has_uncached && physical >= g.uncached.physical && physical - g.uncached.physical < g.uncached.length) {
        return AT(g.uncached.arena_offset) + (physical - g.uncached.physical);
    }
    if (g.has_dump_region && physical >= g.dump_region.physical && physical - g.dump_region.physical < g.dump_region.length) {
        return AT(g.dump_region.arena_offset) + (physical - g.dump_region.physical);
    }
    return NULL;
}

void *dumpfw_scatter_gather_list(void *srb)
{
    dumpfw_slot *slot = slot_of(srb);
    if (slot == NULL || slot->request.segment_count == 0) {
        return NULL;
    }
    return slot->sg;
}

void *dumpfw_system_address(void *srb)
{
    dumpfw_slot *slot = slot_of(srb);
    if (slot == NULL || slot->request.segment_count == 0) {
        return NULL;
    }
    slot->data_written = 1;
    return slot->srb.DataBuffer;
}

/* ---------------------------------------------------------------- requests */

static void result_of(dumpfw_slot *slot, dumpfw_request_result *result)
{
    memset(result, 0, sizeof *result);
    result->slot = (uint32_t)(slot - g.slots);
    result->srb_status = slot->srb.SrbStatus;
    result->scsi_status = slot->srb.ScsiStatus;
    result->sense_info_buffer_length = slot->srb.SenseInfoBufferLength;
    result->data_written = (uint8_t)(slot->data_written || slot->request.data_mapped);
    result->data_transfer_length = slot->srb.DataTransferLength;
    result->internal_status = slot->srb.InternalStatus;
}

static void complete(dumpfw_slot *slot)
{
    dumpfw_notify notify;
    memset(&notify, 0, sizeof notify);
    notify.type = RequestComplete;
    notify.has_request = 1;
    result_of(slot, &notify.result);
    slot->active = 0;
    callback(DUMPFW_CB_NOTIFY, &notify, (uint32_t)sizeof notify, NULL, 0);
}

static void notify_plain(uint32_t type)
{
    dumpfw_notify notify;
    memset(&notify, 0, sizeof notify);
    notify.type = type;
    callback(DUMPFW_CB_NOTIFY, &notify, (uint32_t)sizeof notify, NULL, 0);
}

void dumpfw_notification(const char *routine, uint32_t type, va_list arguments)
{
    switch (type) {
    case RequestComplete: {
        void *srb = va_arg(arguments, void *);
        dumpfw_slot *slot = slot_of(srb);
        if (slot == NULL) {
            dumpfw_log_text(DUMPFW_LOG_REFUSED, "%s(RequestComplete): %p is not an SRB the port started; ignored", routine, srb);
            return;
        }
        complete(slot);
        return;
    }
    case NextRequest:
    case ResetDetected:
        notify_plain(type);
        return;
    case NextLuRequest:
        (void)va_arg(arguments, int);
        (void)va_arg(arguments, int);
        (void)va_arg(arguments, int);
        notify_plain(type);
        return;
    case RequestTimerCall:
        dumpfw_refuse(routine, "RequestTimerCall: the dump port runs no timers (the request is dropped; poll from HwInterrupt instead)");
        return;
    case EnablePassiveInitialization: {
        (void)va_arg(arguments, void *);
        BOOLEAN *result = va_arg(arguments, BOOLEAN *);
        if (result) {
            *result = FALSE;
        }
        dumpfw_refuse(routine, "EnablePassiveInitialization: no passive-level initialization in dump mode (returned FALSE)");
        return;
    }
    case InitializeDpc:
        dumpfw_refuse(routine, "InitializeDpc: no DPCs in dump mode");
        return;
    case IssueDpc: {
        (void)va_arg(arguments, void *);
        (void)va_arg(arguments, void *);
        (void)va_arg(arguments, void *);
        BOOLEAN *result = va_arg(arguments, BOOLEAN *);
        if (result) {
            *result = FALSE;
        }
        dumpfw_refuse(routine, "IssueDpc: no DPCs in dump mode (returned FALSE)");
        return;
    }
    case AcquireSpinLock:
    case ReleaseSpinLock:
        /* One processor, one thread, interrupts off: every lock is already held. */
        return;
    case GetExtendedFunctionTable: {
        void **table = va_arg(arguments, void **);
        if (table) {
            *table = NULL;
        }
        return;
    }
    default:
        /* Interrupt enabling, WMI, link and bus-change events mean nothing to a polled dump port. */
        return;
    }
}

void dumpfw_report_error(void *srb, uint8_t path, uint8_t target, uint8_t lun, uint32_t error_code, uint32_t unique_id)
{
    dumpfw_slot *slot = srb ? slot_of(srb) : NULL;
    dumpfw_log_error entry = { error_code, unique_id, slot ? (int32_t)(slot - g.slots) : -1, path, target, lun, 0 };
    callback(DUMPFW_CB_LOG_ERROR, &entry, (uint32_t)sizeof entry, NULL, 0);
}

void dumpfw_complete_request(const char *routine, uint8_t path, uint8_t target, uint8_t lun, uint8_t status)
{
    (void)routine;
    for (int i = 0; i < DUMPFW_SLOTS; i++) {
        dumpfw_slot *slot = &g.slots[i];
        if (slot->active && (path == 0xFF || slot->srb.PathId == path) && (target == 0xFF || slot->srb.TargetId == target) && (lun == 0xFF || slot->srb.Lun == lun)) {
            slot->srb.SrbStatus = status;
            complete(slot);
        }
    }
}

void *dumpfw_get_srb(uint8_t path, uint8_t target, uint8_t lun)
{
    for (int i = 0; i < DUMPFW_SLOTS; i++) {
        dumpfw_slot *slot = &g.slots[i];
        if (slot->active && slot->srb.PathId == path && slot->srb.TargetId == target && slot->srb.Lun == lun) {
            return &slot->srb;
        }
    }
    return NULL;
}

void *dumpfw_logical_unit(uint8_t path, uint8_t target, uint8_t lun)
{
    if (dumpfw_registered.specific_lu_extension_size == 0) {
        return NULL;
    }
    for (size_t i = 0; i < sizeof g.lus / sizeof g.lus[0]; i++) {
        dumpfw_lu *lu = &g.lus[i];
        if (lu->used && lu->path == path && lu->target == target && lu->lun == lun) {
            return lu->extension;
        }
        if (!lu->used) {
            /* Allocated at first use, before the dump starts writing: the port asks for the target's unit in Open. */
            lu->extension = calloc(1, dumpfw_registered.specific_lu_extension_size);
            lu->path = path;
            lu->target = target;
            lu->lun = lun;
            lu->used = lu->extension != NULL;
            return lu->extension;
        }
    }
    return NULL;
}

/* ---------------------------------------------------------------- calls from the host */

static void return_message(const void *payload, uint32_t length)
{
    if (g.host) {
        uint32_t keep = length < g.return_capacity ? length : g.return_capacity;
        memcpy(g.return_buffer, payload, keep);
        g.return_length = length;
        return;
    }
    send_message(DUMPFW_RETURN, payload, length);
}

static void load(const dumpfw_load_call *call)
{
    dumpfw_load_return result;
    memset(&result, 0, sizeof result);
    if (call->version != DUMPFW_PROTOCOL_VERSION) {
        result.status = 1;
        snprintf(result.text, sizeof result.text, "the host speaks protocol %u, this worker %u", call->version, DUMPFW_PROTOCOL_VERSION);
        return_message(&result, (uint32_t)sizeof result);
        return;
    }
    g.links = call->links;
    g.arena_length = call->arena_length;
    if (g.host && call->arena_path[0] == '\0') {
        /* In process: no arena, the host hands out addresses. */
        g.arena = NULL;
        g.arena_length = UINT64_MAX;
        goto mapped;
    }
    int fd = open(call->arena_path, O_RDWR | O_CLOEXEC);
    void *arena = fd < 0 ? MAP_FAILED : mmap(NULL, (size_t)call->arena_length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (fd >= 0) {
        close(fd);
    }
    if (arena == MAP_FAILED) {
        result.status = 1;
        snprintf(result.text, sizeof result.text, "cannot map the shared arena %s: %s", call->arena_path, strerror(errno));
        return_message(&result, (uint32_t)sizeof result);
        return;
    }
    g.arena = arena;
mapped:
    for (int i = 0; i < DUMPFW_SLOTS; i++) {
        void *reservation = mmap(NULL, DUMPFW_DATA_RESERVATION, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        g.data_reservation[i] = reservation == MAP_FAILED ? NULL : reservation;
        g.slots[i].sg = calloc(1, sizeof(STOR_SCATTER_GATHER_LIST) + DUMPFW_MAX_SEGMENTS * sizeof(STOR_SCATTER_GATHER_ELEMENT));
        g.slots[i].request.sense_offset = UINT64_MAX;
        g.slots[i].request.extension_offset = UINT64_MAX;
    }

    /* The miniport's StorPort / ScsiPort imports must resolve to this library: make its symbols global first. */
    Dl_info self;
    if (dladdr((void *)&load, &self) && self.dli_fname) {
        dlopen(self.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    }
    snprintf(g.library_path, sizeof g.library_path, "%s", call->library);
    install_crash_handlers();
    g.routine_thread = (pid_t)syscall(SYS_gettid);
    g.routine = "loading the library (its constructors)";
    g.library = dlopen(call->library, RTLD_NOW | RTLD_LOCAL);
    g.routine = NULL;
    if (g.library == NULL) {
        result.status = 1;
        snprintf(result.text, sizeof result.text, "%s", dlerror());
        return_message(&result, (uint32_t)sizeof result);
        return;
    }
    typedef ULONG driver_entry_routine(PVOID, PVOID);
    driver_entry_routine *entry = (driver_entry_routine *)dlsym(g.library, "DriverEntry");
    if (entry == NULL) {
        result.status = 1;
        snprintf(result.text, sizeof result.text, "%.400s exports no DriverEntry", call->library);
        return_message(&result, (uint32_t)sizeof result);
        return;
    }
    static UNICODE_STRING registry_path;
    static WCHAR registry_text[] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\dump_miniport";
    registry_path.Buffer = registry_text;
    registry_path.Length = (USHORT)(sizeof registry_text - sizeof(WCHAR));
    registry_path.MaximumLength = (USHORT)sizeof registry_text;
    static uint8_t driver_object[0x150];
    g.routine = "DriverEntry";
    result.initialize_status = entry(driver_object, &registry_path);
    g.routine = NULL;
    if (!dumpfw_registered.registered) {
        result.status = 1;
        snprintf(result.text, sizeof result.text, "DriverEntry returned 0x%08X without a successful %s", result.initialize_status,
                 g.links == DUMPFW_LINKS_STORPORT ? "StorPortInitialize" : "ScsiPortInitialize");
        return_message(&result, (uint32_t)sizeof result);
        return;
    }
    if (dumpfw_registered.device_extension_size > 0) {
        g.device_extension = calloc(1, dumpfw_registered.device_extension_size);
    }
    result.number_of_access_ranges = dumpfw_registered.number_of_access_ranges;
    result.srb_extension_size = dumpfw_registered.srb_extension_size;
    result.device_extension_size = dumpfw_registered.device_extension_size;
    result.map_buffers = dumpfw_registered.map_buffers;
    result.need_physical_addresses = dumpfw_registered.need_physical_addresses;
    result.tagged_queuing = dumpfw_registered.tagged_queuing;
    result.auto_request_sense = dumpfw_registered.auto_request_sense;
    result.multiple_request_per_lu = dumpfw_registered.multiple_request_per_lu;
    result.has_build_io = dumpfw_registered.build_io != NULL;
    result.has_adapter_control = dumpfw_registered.adapter_control != NULL;
    return_message(&result, (uint32_t)sizeof result);
}

static void find_adapter(const dumpfw_find_adapter_call *call)
{
    PORT_CONFIGURATION_INFORMATION *c = &g.configuration;
    memset(c, 0, sizeof *c);
    /* A ScsiPort miniport checks Length against its own, shorter structure. */
    c->Length = g.links == DUMPFW_LINKS_STORPORT ? (ULONG)sizeof(PORT_CONFIGURATION_INFORMATION) : (ULONG)RTL_SIZEOF_THROUGH_FIELD(PORT_CONFIGURATION_INFORMATION, WmiDataProvider) + 4;
    c->SystemIoBusNumber = call->system_io_bus_number;
    c->AdapterInterfaceType = PCIBus;
    c->InterruptMode = LevelSensitive;
    c->MaximumTransferLength = SP_UNINITIALIZED_VALUE;
    c->NumberOfPhysicalBreaks = SP_UNINITIALIZED_VALUE;
    c->DmaChannel = SP_UNINITIALIZED_VALUE;
    c->DmaPort = SP_UNINITIALIZED_VALUE;
    g.range_count = call->access_range_count < DUMPFW_MAX_ACCESS_RANGES ? call->access_range_count : DUMPFW_MAX_ACCESS_RANGES;
    for (uint32_t i = 0; i < g.range_count; i++) {
        g.ranges[i].RangeStart.QuadPart = (LONGLONG)call->ranges[i].start;
        g.ranges[i].RangeLength = call->ranges[i].length;
        g.ranges[i].RangeInMemory = call->ranges[i].in_memory;
    }
    c->NumberOfAccessRanges = dumpfw_registered.number_of_access_ranges;
    c->AccessRanges = (ACCESS_RANGE(*)[])g.ranges;
    c->MiniportDumpData = call->miniport_dump_data_length ? AT(call->miniport_dump_data_offset) : NULL;
    c->NumberOfBuses = 1;
    memset(c->InitiatorBusId, 0xFF, sizeof c->InitiatorBusId);
    c->MapBuffers = dumpfw_registered.map_buffers;
    c->NeedPhysicalAddresses = dumpfw_registered.need_physical_addresses;
    c->TaggedQueuing = dumpfw_registered.tagged_queuing;
    c->AutoRequestSense = dumpfw_registered.auto_request_sense;
    c->MultipleRequestPerLu = dumpfw_registered.multiple_request_per_lu;
    c->MaximumNumberOfTargets = 8;
    c->SlotNumber = call->slot_number;
    c->DeviceExtensionSize = dumpfw_registered.device_extension_size;
    c->SpecificLuExtensionSize = dumpfw_registered.specific_lu_extension_size;
    c->SrbExtensionSize = dumpfw_registered.srb_extension_size;
    c->Dma64BitAddresses = SCSI_DMA64_SYSTEM_SUPPORTED;
    c->MaximumNumberOfLogicalUnits = 8;
    if (g.links == DUMPFW_LINKS_STORPORT) {
        c->SynchronizationModel = StorSynchronizeFullDuplex;
        c->DumpMode = call->dump_mode;
    }

    char arguments[sizeof call->argument_string + 1];
    memcpy(arguments, call->argument_string, sizeof call->argument_string);
    arguments[sizeof call->argument_string] = '\0';
    BOOLEAN again = FALSE;
    g.routine = "HwFindAdapter";
    ULONG found = ((HW_FIND_ADAPTER *)dumpfw_registered.find_adapter)(g.device_extension, NULL, NULL, arguments, c, &again);
    g.routine = NULL;

    dumpfw_find_adapter_return result;
    memset(&result, 0, sizeof result);
    result.result = found;
    result.maximum_transfer_length = c->MaximumTransferLength;
    result.number_of_physical_breaks = c->NumberOfPhysicalBreaks;
    result.alignment_mask = c->AlignmentMask;
    result.requested_dump_buffer_size = g.links == DUMPFW_LINKS_STORPORT ? c->RequestedDumpBufferSize : 0;
    result.number_of_buses = c->NumberOfBuses;
    result.maximum_number_of_targets = c->MaximumNumberOfTargets;
    result.initiator_bus_id = (uint8_t)c->InitiatorBusId[0];
    result.scatter_gather = c->ScatterGather;
    result.master = c->Master;
    result.dma64_bit_addresses = (c->Dma64BitAddresses & (SCSI_DMA64_MINIPORT_SUPPORTED | SCSI_DMA64_MINIPORT_FULL64BIT_SUPPORTED)) != 0;
    result.again = again;
    return_message(&result, (uint32_t)sizeof result);
}

static void initialize(const dumpfw_region *dump_region)
{
    if (dump_region->length > 0 && dump_region->arena_offset + dump_region->length <= g.arena_length) {
        g.dump_region = *dump_region;
        g.has_dump_region = 1;
        if (g.links == DUMPFW_LINKS_STORPORT) {
            g.configuration.DumpRegion.VirtualBase = AT(dump_region->arena_offset);
            g.configuration.DumpRegion.PhysicalBase.QuadPart = (LONGLONG)dump_region->physical;
            g.configuration.DumpRegion.Length = dump_region->length;
        }
    }
    g.routine = "HwInitialize";
    dumpfw_bool_return result = { ((HW_INITIALIZE *)dumpfw_registered.initialize)(g.device_extension) ? 1u : 0u };
    g.routine = NULL;
    return_message(&result, (uint32_t)sizeof result);
}

static dumpfw_slot *prepare(const dumpfw_request *request)
{
    dumpfw_slot *slot = &g.slots[request->slot % DUMPFW_SLOTS];
    slot->request = *request;
    if (slot->request.segment_count > DUMPFW_MAX_SEGMENTS) {
        slot->request.segment_count = DUMPFW_MAX_SEGMENTS;
    }
    SCSI_REQUEST_BLOCK *srb = &slot->srb;
    memset(srb, 0, sizeof *srb);
    srb->Length = (USHORT)sizeof *srb;
    srb->Function = request->function;
    srb->SrbStatus = request->srb_status;
    srb->ScsiStatus = request->scsi_status;
    srb->PathId = request->path_id;
    srb->TargetId = request->target_id;
    srb->Lun = request->lun;
    srb->QueueTag = request->queue_tag;
    srb->QueueAction = request->queue_action;
    srb->CdbLength = request->cdb_length;
    srb->SenseInfoBufferLength = request->sense_info_buffer_length;
    srb->SrbFlags = request->srb_flags;
    srb->DataTransferLength = request->data_transfer_length;
    srb->TimeOutValue = request->time_out_value;
    srb->QueueSortKey = request->queue_sort_key;
    if (request->internal_status) {
        srb->InternalStatus = request->internal_status;
    }
    srb->SenseInfoBuffer = request->sense_offset != UINT64_MAX ? AT(request->sense_offset) : NULL;
    srb->SrbExtension = request->extension_offset != UINT64_MAX ? AT(request->extension_offset) : NULL;
    srb->OriginalRequest = slot;
    memcpy(srb->Cdb, request->cdb, sizeof srb->Cdb);
    if (slot->request.segment_count > 0 && request->data_offset != UINT64_MAX) {
        srb->DataBuffer = AT(request->data_offset);
    } else if (slot->request.segment_count > 0 && g.data_reservation[slot - g.slots]) {
        /* Unmapped data: an address with the first page's offset, as an MDL's virtual address has, that faults if used. */
        srb->DataBuffer = g.data_reservation[slot - g.slots] + (request->segments[0].physical & 0xFFF);
    }
    slot->data_written = 0;
    slot->active = 1;
    STOR_SCATTER_GATHER_LIST *sg = slot->sg;
    if (sg) {
        sg->NumberOfElements = slot->request.segment_count;
        for (uint32_t i = 0; i < slot->request.segment_count; i++) {
            sg->List[i].PhysicalAddress.QuadPart = (LONGLONG)request->segments[i].physical;
            sg->List[i].Length = request->segments[i].length;
            sg->List[i].Reserved = 0;
        }
    }
    return slot;
}

static void request_call(uint32_t kind, const dumpfw_request *request)
{
    dumpfw_slot *slot = prepare(request);
    int build = kind == DUMPFW_CALL_BUILD_IO;
    HW_STARTIO *routine = (HW_STARTIO *)(build ? dumpfw_registered.build_io : dumpfw_registered.start_io);
    dumpfw_request_return result;
    memset(&result, 0, sizeof result);
    if (routine == NULL) {
        result.value = 1;
    } else {
        g.routine = build ? "HwBuildIo" : "HwStartIo";
        result.value = routine(g.device_extension, &slot->srb) ? 1u : 0u;
        g.routine = NULL;
    }
    result_of(slot, &result.result);
    return_message(&result, (uint32_t)sizeof result);
}

static void bool_call(const char *name, uint32_t value)
{
    dumpfw_bool_return result = { 0 };
    g.routine = name;
    if (strcmp(name, "HwInterrupt") == 0) {
        result.value = ((HW_INTERRUPT *)dumpfw_registered.interrupt)(g.device_extension) ? 1u : 0u;
    } else if (dumpfw_registered.reset_bus) {
        result.value = ((HW_RESET_BUS *)dumpfw_registered.reset_bus)(g.device_extension, value) ? 1u : 0u;
    } else {
        result.value = 1;
    }
    g.routine = NULL;
    return_message(&result, (uint32_t)sizeof result);
}

static void adapter_control(dumpfw_adapter_control *call)
{
    if (dumpfw_registered.adapter_control == NULL) {
        call->status = ScsiAdapterControlUnsuccessful;
        return_message(call, (uint32_t)sizeof *call);
        return;
    }
    union {
        SCSI_SUPPORTED_CONTROL_TYPE_LIST list;
        uint8_t bytes[sizeof(SCSI_SUPPORTED_CONTROL_TYPE_LIST) + 64];
    } list;
    memset(&list, 0, sizeof list);
    void *parameters = NULL;
    if (call->control_type == ScsiQuerySupportedControlTypes) {
        list.list.MaxControlType = call->max_control_type < 64 ? call->max_control_type : 64;
        parameters = &list.list;
    }
    g.routine = "HwAdapterControl";
    call->status = ((HW_ADAPTER_CONTROL *)dumpfw_registered.adapter_control)(g.device_extension, (SCSI_ADAPTER_CONTROL_TYPE)call->control_type, parameters);
    g.routine = NULL;
    if (parameters) {
        memcpy(call->supported, list.list.SupportedTypeList, list.list.MaxControlType);
    }
    return_message(call, (uint32_t)sizeof *call);
}

typedef union dumpfw_call_payload {
    dumpfw_load_call load;
    dumpfw_find_adapter_call find;
    dumpfw_request request;
    dumpfw_region region;
    dumpfw_adapter_control control;
    uint32_t value;
    uint8_t bytes[1];
} dumpfw_call_payload;

/* Runs one call from the host; 0 when it was QUIT, -1 when it is unknown. */
static int dispatch(uint32_t kind, dumpfw_call_payload *payload)
{
    g.routine_thread = (pid_t)syscall(SYS_gettid);
    switch (kind) {
    case DUMPFW_CALL_LOAD: load(&payload->load); break;
    case DUMPFW_CALL_FIND_ADAPTER: find_adapter(&payload->find); break;
    case DUMPFW_CALL_INITIALIZE: initialize(&payload->region); break;
    case DUMPFW_CALL_BUILD_IO:
    case DUMPFW_CALL_START_IO: request_call(kind, &payload->request); break;
    case DUMPFW_CALL_INTERRUPT: bool_call("HwInterrupt", 0); break;
    case DUMPFW_CALL_RESET_BUS: bool_call("HwResetBus", payload->value); break;
    case DUMPFW_CALL_ADAPTER_CONTROL: adapter_control(&payload->control); break;
    case DUMPFW_CALL_QUIT: return 0;
    default: return -1;
    }
    return 1;
}

/* The worker's loop: serves the host's calls until it says quit or goes away. */
DUMPFW_EXPORT int dumpfw_worker_main(int in_fd, int out_fd)
{
    g.in_fd = in_fd;
    g.out_fd = out_fd;
    static dumpfw_call_payload payload;
    for (;;) {
        dumpfw_header header;
        read_all(&header, sizeof header);
        if (header.length > sizeof payload) {
            errno = EMSGSIZE;
            fail_pipe("a call larger than any the protocol has");
        }
        memset(&payload, 0, sizeof payload);
        read_all(&payload, header.length);
        int served = dispatch(header.kind, &payload);
        if (served == 0) {
            return 0;
        }
        if (served < 0) {
            errno = EPROTO;
            fail_pipe("an unknown call");
        }
    }
}

/*
 * The same calls made in the host's own process (the dump runs in a supervised child, next to the controller model):
 * callbacks are direct calls into the host, the return is copied into return_buffer. Returns the return's length,
 * 0 for QUIT and UINT32_MAX for a call the protocol does not have.
 */
DUMPFW_EXPORT uint32_t dumpfw_inprocess_call(dumpfw_host_callback *host, uint32_t kind, const void *payload, uint32_t length, void *return_buffer, uint32_t return_capacity)
{
    static dumpfw_call_payload call;
    if (length > sizeof call) {
        return UINT32_MAX;
    }
    memset(&call, 0, sizeof call);
    memcpy(&call, payload, length);
    g.host = host;
    g.return_buffer = return_buffer;
    g.return_capacity = return_capacity;
    g.return_length = 0;
    int served = dispatch(kind, &call);
    return served < 0 ? UINT32_MAX : g.return_length;
}
