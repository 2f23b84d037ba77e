/*
 * DumpFramework native miniport SDK: source-annotation (SAL) macros.
 *
 * Written for DumpFramework from the public SAL documentation. The annotations only inform Microsoft's static
 * analyser; here every one expands to nothing so that WDK-style sources compile unchanged under gcc/clang.
 */
#ifndef DUMPFW_SAL_H
#define DUMPFW_SAL_H

#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _In_reads_(n)
#define _In_reads_opt_(n)
#define _In_reads_bytes_(n)
#define _In_reads_bytes_opt_(n)
#define _Out_
#define _Out_opt_
#define _Out_writes_(n)
#define _Out_writes_opt_(n)
#define _Out_writes_bytes_(n)
#define _Out_writes_bytes_opt_(n)
#define _Out_writes_bytes_all_(n)
#define _Out_writes_to_(n, c)
#define _Inout_
#define _Inout_opt_
#define _Inout_updates_(n)
#define _Inout_updates_bytes_(n)
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Deref_out_range_(a, b)
#define _Field_size_(n)
#define _Field_size_opt_(n)
#define _Field_size_bytes_(n)
#define _Field_size_bytes_opt_(n)
#define _Field_size_bytes_full_(n)
#define _Field_size_part_(n, m)
#define _Field_range_(a, b)
#define _Struct_size_bytes_(n)
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_range_(a, b)
#define _Must_inspect_result_
#define _Check_return_
#define _Success_(e)
#define _Use_decl_annotations_
#define _Function_class_(c)
#define _Printf_format_string_
#define _Null_terminated_
#define _NullNull_terminated_
#define _Reserved_
#define _Pre_
#define _Post_
#define _Pre_notnull_
#define _Post_invalid_
#define _Post_satisfies_(e)
#define _Pre_satisfies_(e)
#define _When_(c, a)
#define _At_(t, a)
#define _Analysis_assume_(e)
#define _Analysis_mode_(m)
#define _Frees_ptr_(p)
#define _Frees_ptr_opt_(p)
#define _Dispatch_type_(t)
#define _Kernel_float_used_
#define _IRQL_requires_(i)
#define _IRQL_requires_max_(i)
#define _IRQL_requires_min_(i)
#define _IRQL_requires_same_
#define _IRQL_raises_(i)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_saves_global_(k, p)
#define _IRQL_restores_global_(k, p)
#define _Requires_lock_held_(l)
#define _Requires_lock_not_held_(l)
#define _Acquires_lock_(l)
#define _Releases_lock_(l)
#define _Guarded_by_(l)
#define _Interlocked_operand_
#define _Literal_
#define _Notliteral_
#define _Points_to_data_
#define _Readable_bytes_(n)
#define _Writable_bytes_(n)
#define _Readable_elements_(n)
#define _Writable_elements_(n)

/* The older, double-underscore annotations. */
#define __in
#define __in_opt
#define __out
#define __out_opt
#define __inout
#define __inout_opt
#define __in_bcount(n)
#define __in_ecount(n)
#define __out_bcount(n)
#define __out_ecount(n)
#define __inout_bcount(n)
#define __deref_out
#define __in_z
#define __drv_functionClass(c)
#define __drv_maxIRQL(i)
#define __drv_minIRQL(i)
#define __drv_requiresIRQL(i)
#define __drv_sameIRQL
#define __drv_aliasesMem
#define __drv_freesMem(k)
#define __drv_allocatesMem(k)
#define __checkReturn
#define __success(e)
#define __field_bcount(n)
#define __field_ecount(n)

#endif /* DUMPFW_SAL_H */
