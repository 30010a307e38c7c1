# PVTv2-B0 (mmdet's backbone) with SegFormer's All-MLP head under TransKD's protocol, trained
# from scratch: the "S: PVTv2-B0" row of Table IV.
_base_ = ['./segformer_mit-b0_1xb2-1488k_cityscapes-512x1024.py']
custom_imports = dict(imports=['mmdet.models'], allow_failed_imports=False)
model = dict(
    backbone=dict(
        _delete_=True,
        type='mmdet.PyramidVisionTransformerV2',
        embed_dims=32,
        num_layers=[2, 2, 2, 2],
        num_heads=[1, 2, 5, 8],
        drop_path_rate=0.1,
        init_cfg=None))
