/*
 * DumpFramework native miniport SDK: the Windows base types a miniport source uses, for a Linux x86-64 build.
 *
 * Written for DumpFramework from the public Windows documentation (Windows Data Types, LARGE_INTEGER, the
 * FIELD_OFFSET / CONTAINING_RECORD macros); no WDK header text is reproduced. Windows x64 is LLP64: LONG and ULONG
 * are 32 bits while pointers and ULONG_PTR are 64, so the types below are spelled with fixed-width types rather than
 * C's long (64 bits on Linux). Build flags (see README "Native miniports"):
 *   gcc -fms-extensions -fshort-wchar -mms-bitfields -fno-strict-aliasing -fPIC -I Native/sdk/include
 * -fshort-wchar makes L"..." strings 16-bit as WCHAR is on Windows; -mms-bitfields lays bit-fields out as the Microsoft
 * compiler does; -fms-extensions accepts anonymous structs in unions and other Microsoft C extensions.
 */
#ifndef DUMPFW_NTDEF_H
#define DUMPFW_NTDEF_H

#include <stdint.h>
#include <stddef.h>
#include "sal.h"

#if !defined(__x86_64__) && !defined(__aarch64__)
#error "The DumpFramework SDK targets 64-bit builds: Windows x64 layouts are reproduced on a 64-bit Linux ABI."
#endif

#ifndef __cplusplus
_Static_assert(sizeof(wchar_t) == 2, "compile with -fshort-wchar: WCHAR and L\"\" strings are 16-bit on Windows");
#endif

/* Calling conventions and storage classes: on x64 Windows there is one calling convention, so they all disappear. */
#define NTAPI
#define WINAPI
#define STDCALL
#define CDECL
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __cdecl
#define __cdecl
#endif
#ifndef __fastcall
#define __fastcall
#endif
#define NTSYSAPI
#define NTKERNELAPI
#define DECLSPEC_IMPORT
#define DECLSPEC_EXPORT __attribute__((visibility("default")))
#define DECLSPEC_ALIGN(n) __attribute__((aligned(n)))
#define DECLSPEC_NOINLINE __attribute__((noinline))
#define DECLSPEC_NORETURN __attribute__((noreturn))
#define DECLSPEC_DEPRECATED
#define DECLSPEC_SELECTANY __attribute__((weak))
#define FORCEINLINE static inline __attribute__((always_inline))
#ifndef __forceinline
#define __forceinline inline __attribute__((always_inline))
#endif
#ifndef __inline
#define __inline inline
#endif

/* __declspec(x) becomes the gcc attribute with the same meaning, or nothing where there is none. */
#ifndef __declspec
#define __declspec(x) __DUMPFW_DECLSPEC_##x
#endif
#define __DUMPFW_DECLSPEC_align(n) __attribute__((aligned(n)))
#define __DUMPFW_DECLSPEC_dllimport
#define __DUMPFW_DECLSPEC_dllexport __attribute__((visibility("default")))
#define __DUMPFW_DECLSPEC_noinline __attribute__((noinline))
#define __DUMPFW_DECLSPEC_noreturn __attribute__((noreturn))
#define __DUMPFW_DECLSPEC_selectany __attribute__((weak))
#define __DUMPFW_DECLSPEC_deprecated
#define __DUMPFW_DECLSPEC_novtable
#define __DUMPFW_DECLSPEC_restrict
#define __DUMPFW_DECLSPEC_noalias

/* Old parameter decorations. */
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
#define UNALIGNED
#define CONST const
#define VOID void
#define ANYSIZE_ARRAY 1

#define _ANONYMOUS_UNION
#define _ANONYMOUS_STRUCT
#define DUMMYUNIONNAME
#define DUMMYUNIONNAME2
#define DUMMYSTRUCTNAME
#define DUMMYSTRUCTNAME2

/* Integral types (Windows Data Types). */
typedef char CHAR, *PCHAR, *PSTR, *LPSTR;
typedef const char *PCSTR, *LPCSTR;
typedef const char *PCCHAR;
typedef char CCHAR;
typedef unsigned char UCHAR, *PUCHAR;
typedef int16_t SHORT, *PSHORT;
typedef uint16_t USHORT, *PUSHORT;
typedef int32_t LONG, *PLONG;
typedef uint32_t ULONG, *PULONG;
typedef int32_t INT, *PINT;
typedef uint32_t UINT, *PUINT;
typedef int64_t LONGLONG, *PLONGLONG;
typedef uint64_t ULONGLONG, *PULONGLONG;
typedef int8_t INT8;
typedef uint8_t UINT8;
typedef int16_t INT16;
typedef uint16_t UINT16;
typedef int32_t INT32, LONG32;
typedef uint32_t UINT32, ULONG32, DWORD32;
typedef int64_t INT64, LONG64, *PLONG64;
typedef uint64_t UINT64, ULONG64, DWORD64, *PULONG64;
typedef intptr_t LONG_PTR, INT_PTR, *PLONG_PTR;
typedef uintptr_t ULONG_PTR, UINT_PTR, SIZE_T, *PULONG_PTR, *PSIZE_T;
typedef intptr_t SSIZE_T;
typedef uintptr_t KAFFINITY;
typedef uint16_t WORD;
typedef uint32_t DWORD, *PDWORD;
typedef uint8_t BYTE, *PBYTE;
typedef UCHAR BOOLEAN, *PBOOLEAN;
typedef int32_t BOOL;
typedef wchar_t WCHAR, *PWCHAR, *PWSTR, *LPWSTR;
typedef const wchar_t *PCWSTR, *LPCWSTR;
typedef void *PVOID, *LPVOID;
typedef const void *PCVOID;
typedef void *HANDLE, **PHANDLE;
typedef LONG NTSTATUS, *PNTSTATUS;
typedef UCHAR KIRQL, *PKIRQL;
typedef LONG KPRIORITY;
typedef ULONG LOGICAL;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif

/* LARGE_INTEGER: a 64-bit value also reachable as its two 32-bit halves. */
typedef union _LARGE_INTEGER {
    struct {
        ULONG LowPart;
        LONG HighPart;
    };
    struct {
        ULONG LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct {
        ULONG LowPart;
        ULONG HighPart;
    };
    struct {
        ULONG LowPart;
        ULONG HighPart;
    } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

typedef struct _UNICODE_STRING {
    USHORT Length;
    USHORT MaximumLength;
    PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct _STRING {
    USHORT Length;
    USHORT MaximumLength;
    PCHAR Buffer;
} STRING, ANSI_STRING, *PSTRING, *PANSI_STRING;

typedef struct _LIST_ENTRY {
    struct _LIST_ENTRY *Flink;
    struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
    struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

typedef struct _GUID {
    ULONG Data1;
    USHORT Data2;
    USHORT Data3;
    UCHAR Data4[8];
} GUID, *PGUID;

/* Kernel objects a miniport only passes around. */
typedef struct _DRIVER_OBJECT DRIVER_OBJECT, *PDRIVER_OBJECT;
typedef struct _DEVICE_OBJECT DEVICE_OBJECT, *PDEVICE_OBJECT;
typedef struct _IRP IRP, *PIRP;
typedef struct _MDL MDL, *PMDL;

/* NTSTATUS values a miniport commonly returns. */
#define STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#define STATUS_PENDING ((NTSTATUS)0x00000103L)
#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001L)
#define STATUS_NOT_IMPLEMENTED ((NTSTATUS)0xC0000002L)
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000DL)
#define STATUS_NO_MEMORY ((NTSTATUS)0xC0000017L)
#define STATUS_INSUFFICIENT_RESOURCES ((NTSTATUS)0xC000009AL)
#define STATUS_NOT_SUPPORTED ((NTSTATUS)0xC00000BBL)
#define STATUS_DEVICE_NOT_READY ((NTSTATUS)0xC00000A3L)
#define STATUS_IO_TIMEOUT ((NTSTATUS)0xC00000B5L)
#define STATUS_BUFFER_TOO_SMALL ((NTSTATUS)0xC0000023L)
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)

/* Structure and array helpers. */
#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define RTL_SIZEOF_THROUGH_FIELD(type, field) (FIELD_OFFSET(type, field) + RTL_FIELD_SIZE(type, field))
#define CONTAINING_RECORD(address, type, field) ((type *)((PCHAR)(address) - (ULONG_PTR)(&((type *)0)->field)))
#define RTL_NUMBER_OF(a) (sizeof(a) / sizeof((a)[0]))
#define ARRAYSIZE(a) RTL_NUMBER_OF(a)
#define C_ASSERT(e) _Static_assert(e, #e)
#define UNREFERENCED_PARAMETER(p) ((void)(p))
#define DBG_UNREFERENCED_PARAMETER(p) ((void)(p))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(v) ((void)(v))
#define ALIGN_DOWN_BY(length, alignment) ((ULONG_PTR)(length) & ~((ULONG_PTR)(alignment) - 1))
#define ALIGN_UP_BY(length, alignment) (ALIGN_DOWN_BY(((ULONG_PTR)(length) + (alignment) - 1), alignment))
#define ROUND_TO_PAGES(size) (((ULONG_PTR)(size) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define BYTE_OFFSET(va) ((ULONG)((LONG_PTR)(va) & (PAGE_SIZE - 1)))
#define PAGE_SIZE 0x1000
#define PAGE_SHIFT 12L
#define min(a, b) (((a) < (b)) ? (a) : (b))
#define max(a, b) (((a) > (b)) ? (a) : (b))

/* Rtl memory routines: the compiler's own versions, as the kernel's are intrinsics too. */
#define RtlZeroMemory(destination, length) ((void)__builtin_memset((destination), 0, (length)))
#define RtlFillMemory(destination, length, fill) ((void)__builtin_memset((destination), (fill), (length)))
#define RtlCopyMemory(destination, source, length) ((void)__builtin_memcpy((destination), (source), (length)))
#define RtlMoveMemory(destination, source, length) ((void)__builtin_memmove((destination), (source), (length)))
#define RtlEqualMemory(a, b, length) (__builtin_memcmp((a), (b), (length)) == 0)
#define RtlSecureZeroMemory(destination, length) ((void)__builtin_memset((destination), 0, (length)))
static inline SIZE_T RtlCompareMemory(const void *source1, const void *source2, SIZE_T length)
{
    const UCHAR *a = (const UCHAR *)source1;
    const UCHAR *b = (const UCHAR *)source2;
    SIZE_T same = 0;
    while (same < length && a[same] == b[same]) {
        same++;
    }
    return same;
}

/* Byte-order helpers used with SCSI's big-endian fields. */
#define RtlUshortByteSwap(x) __builtin_bswap16(x)
#define RtlUlongByteSwap(x) __builtin_bswap32(x)
#define RtlUlonglongByteSwap(x) __builtin_bswap64(x)

/* Interrupt and bus enumerations (wdm.h) used by the port configuration. */
typedef enum _INTERFACE_TYPE {
    InterfaceTypeUndefined = -1,
    Internal = 0,
    Isa = 1,
    Eisa = 2,
    MicroChannel = 3,
    TurboChannel = 4,
    PCIBus = 5,
    VMEBus = 6,
    NuBus = 7,
    PCMCIABus = 8,
    CBus = 9,
    MPIBus = 10,
    MPSABus = 11,
    ProcessorInternal = 12,
    InternalPowerBus = 13,
    PNPISABus = 14,
    PNPBus = 15,
    Vmcs = 16,
    ACPIBus = 17,
    MaximumInterfaceType
} INTERFACE_TYPE, *PINTERFACE_TYPE;

typedef enum _BUS_DATA_TYPE {
    ConfigurationSpaceUndefined = -1,
    Cmos = 0,
    EisaConfiguration = 1,
    Pos = 2,
    CbusConfiguration = 3,
    PCIConfiguration = 4,
    VMEConfiguration = 5,
    NuBusConfiguration = 6,
    PCMCIAConfiguration = 7,
    MPIConfiguration = 8,
    MPSAConfiguration = 9,
    PNPISAConfiguration = 10,
    SgiInternalConfiguration = 11,
    MaximumBusDataType
} BUS_DATA_TYPE, *PBUS_DATA_TYPE;

typedef enum _KINTERRUPT_MODE {
    LevelSensitive = 0,
    Latched = 1
} KINTERRUPT_MODE;

typedef enum _DMA_WIDTH {
    Width8Bits = 0,
    Width16Bits = 1,
    Width32Bits = 2,
    Width64Bits = 3,
    WidthNoWrap = 4,
    MaximumDmaWidth
} DMA_WIDTH, *PDMA_WIDTH;

typedef enum _DMA_SPEED {
    Compatible = 0,
    TypeA = 1,
    TypeB = 2,
    TypeC = 3,
    TypeF = 4,
    MaximumDmaSpeed
} DMA_SPEED, *PDMA_SPEED;

typedef enum _INTERRUPT_SYNCHRONIZATION_MODE {
    InterruptSupportNone = 0,
    InterruptSynchronizeAll = 1,
    InterruptSynchronizePerMessage = 2
} INTERRUPT_SYNCHRONIZATION_MODE;

/* PCI configuration space as ScsiPortGetBusData / StorPortGetBusData return it. */
#define PCI_TYPE0_ADDRESSES 6
#define PCI_TYPE1_ADDRESSES 2
#define PCI_COMMON_HDR_LENGTH 64
#define PCI_INVALID_VENDORID 0xFFFF
#define PCI_ENABLE_IO_SPACE 0x0001
#define PCI_ENABLE_MEMORY_SPACE 0x0002
#define PCI_ENABLE_BUS_MASTER 0x0004
#define PCI_ADDRESS_IO_SPACE 0x00000001
#define PCI_ADDRESS_MEMORY_TYPE_MASK 0x00000006
#define PCI_ADDRESS_IO_ADDRESS_MASK 0xFFFFFFFC
#define PCI_ADDRESS_MEMORY_ADDRESS_MASK 0xFFFFFFF0

typedef struct _PCI_COMMON_HEADER_TYPE0 {
    ULONG BaseAddresses[PCI_TYPE0_ADDRESSES];
    ULONG CIS;
    USHORT SubVendorID;
    USHORT SubSystemID;
    ULONG ROMBaseAddress;
    UCHAR CapabilitiesPtr;
    UCHAR Reserved1[3];
    ULONG Reserved2;
    UCHAR InterruptLine;
    UCHAR InterruptPin;
    UCHAR MinimumGrant;
    UCHAR MaximumLatency;
} PCI_COMMON_HEADER_TYPE0;

typedef struct _PCI_COMMON_CONFIG {
    USHORT VendorID;
    USHORT DeviceID;
    USHORT Command;
    USHORT Status;
    UCHAR RevisionID;
    UCHAR ProgIf;
    UCHAR SubClass;
    UCHAR BaseClass;
    UCHAR CacheLineSize;
    UCHAR LatencyTimer;
    UCHAR HeaderType;
    UCHAR BIST;
    union {
        struct _PCI_COMMON_HEADER_TYPE0 type0;
    } u;
    UCHAR DeviceSpecific[192];
} PCI_COMMON_CONFIG, *PPCI_COMMON_CONFIG;

typedef struct _PCI_SLOT_NUMBER {
    union {
        struct {
            ULONG DeviceNumber : 5;
            ULONG FunctionNumber : 3;
            ULONG Reserved : 24;
        } bits;
        ULONG AsULONG;
    } u;
} PCI_SLOT_NUMBER, *PPCI_SLOT_NUMBER;

#endif /* DUMPFW_NTDEF_H */
