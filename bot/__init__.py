import os

# A chat bot on two cores gains nothing from multi-threaded BLAS, and OpenBLAS's worker threads
# competed with the encoder for the CPU: a question's dense scores (one small matrix product) took
# ~5 ms with them and ~0.1 ms without. Set before numpy is first imported; an explicit setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
