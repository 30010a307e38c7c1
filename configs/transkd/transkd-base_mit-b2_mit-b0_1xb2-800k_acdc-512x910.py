# TransKD-Base on ACDC (Table V, all conditions pooled), TransKD's protocol: images resized to
# 512x910, 1600 train images / 2 x 1000 epochs. teacher_ckpt: a SegFormer-B2 ACDC checkpoint.
_base_ = ['./transkd-base_mit-b2_mit-b0_1xb2-1488k_cityscapes-512x1024.py']

model = dict(teacher_ckpt='checkpoints/segformer_mit-b2_acdc.pth')
acdc = dict(
    type='ACDCDataset',
    data_root='data/acdc',
    data_prefix=dict(_delete_=True, img_path='rgb_anon', seg_map_path='gt'))
train_dataloader = dict(dataset=dict(split='train', **acdc))
val_dataloader = dict(dataset=dict(split='val', **acdc))
test_dataloader = val_dataloader
max_iters = 800000
param_scheduler = [
    dict(type='PolyLR', eta_min=2e-5, power=1.0, begin=0, end=max_iters, by_epoch=False)
]
train_cfg = dict(max_iters=max_iters, val_interval=8000)
default_hooks = dict(checkpoint=dict(interval=8000))
