# Knowledge Review (Table IV baseline) for the PVTv2-B2 -> PVTv2-B0 pair.
_base_ = ['./kr_mit-b2_mit-b0_1xb2-1488k_cityscapes-512x1024.py']
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
