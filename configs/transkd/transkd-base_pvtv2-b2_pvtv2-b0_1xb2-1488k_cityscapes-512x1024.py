# TransKD-Base (Table IV): PVTv2-B2 teacher -> non-pretrained PVTv2-B0, Cityscapes, TransKD's
# protocol. Same distiller as for SegFormer: PVTv2 has MiT's stage layout
# (backbone.layers.i.0 is the overlapping patch embedding) and the same widths.
# teacher_ckpt: a PVTv2-B2 + SegFormer-head Cityscapes checkpoint you train and supply.
_base_ = ['./transkd-base_mit-b2_mit-b0_1xb2-1488k_cityscapes-512x1024.py']
custom_imports = dict(imports=['mmkd_ext', 'mmdet.models'], allow_failed_imports=False)

student_cfg = 'mmkd_ext::transkd/segformer_pvtv2-b0_1xb2-1488k_cityscapes-512x1024.py'
teacher_ckpt = 'checkpoints/segformer_pvtv2-b2_cityscapes.pth'
model = dict(
    architecture=dict(_delete_=True, cfg_path=student_cfg, pretrained=False),
    teacher=dict(
        _delete_=True, cfg_path=student_cfg, pretrained=False,
        backbone=dict(embed_dims=64, num_layers=[3, 4, 6, 3]),
        decode_head=dict(in_channels=[64, 128, 320, 512], channels=768)),
    teacher_ckpt=teacher_ckpt)
