# mmseg's runtime, made to run on CPU machines (gloo for multi-process runs).
_base_ = ['mmseg::_base_/default_runtime.py']
env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='gloo'))
randomness = dict(seed=0)
