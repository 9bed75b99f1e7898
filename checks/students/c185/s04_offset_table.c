/*
 * backward.c  --  lab 5, backprop by hand
 *
 * I keep a table of offsets into one block so adding a temporary is one
 * line.  cblas on the raw pointers, leading dimensions from tda.
 */
#include <stdlib.h>
#include <gsl/gsl_cblas.h>
#include "backprop.h"

enum { P_DS, P_DH, P_DZ, P_DW2, P_DW1, P_DB, NPIECE };

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* copy a rows x cols piece into a gsl matrix (which may have tda > cols) */
static void store(gsl_matrix *dst, const double *src)
{
    size_t r, c;
    for (r = 0; r < dst->size1; r++)
        for (c = 0; c < dst->size2; c++)
            dst->data[r * dst->tda + c] = src[r * dst->size2 + c];
}

/* out[c] = sum_r A[r][c] */
static void colsum(const double *A, size_t rows, size_t cols, double *out)
{
    size_t r, c;
    for (c = 0; c < cols; c++)
        out[c] = 0.0;
    for (r = 0; r < rows; r++)
        for (c = 0; c < cols; c++)
            out[c] += A[r * cols + c];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t len[NPIECE], off[NPIECE + 1], p, i, j;
    double *blk, *dS, *dH, *dZ, *dW2, *dW1, *db;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    len[P_DS] = N * C;  len[P_DH] = N * H;  len[P_DZ] = N * H;
    len[P_DW2] = H * C; len[P_DW1] = D * H; len[P_DB] = H + C;
    off[0] = 0;
    for (p = 0; p < NPIECE; p++)
        off[p + 1] = off[p] + len[p];

    blk = calloc(off[NPIECE], sizeof *blk);
    if (!blk)
        return 1;
    dS = blk + off[P_DS];  dH = blk + off[P_DH];  dZ = blk + off[P_DZ];
    dW2 = blk + off[P_DW2]; dW1 = blk + off[P_DW1]; db = blk + off[P_DB];

    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            dS[i * C + j] = cache->prob->data[i * cache->prob->tda + j];
        dS[i * C + y[i]] -= 1.0;
    }
    for (i = 0; i < N * C; i++)
        dS[i] /= (double)N;

    /* dW2 = p1^T dS + 2 reg W2  (W2 copied in first, beta = 1) */
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            dW2[i * C + j] = 2.0 * reg * net->W2->data[i * net->W2->tda + j];
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)H, (int)C, (int)N,
                1.0, cache->p1->data, (int)cache->p1->tda, dS, (int)C,
                1.0, dW2, (int)C);

    /* dH = dS W2^T */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)N, (int)H, (int)C,
                1.0, dS, (int)C, net->W2->data, (int)net->W2->tda,
                0.0, dH, (int)H);

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dZ[i * H + j] = cache->z1->data[i * cache->z1->tda + j] > 0.0
                            ? dH[i * H + j] : 0.0;

    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            dW1[i * H + j] = 2.0 * reg * net->W1->data[i * net->W1->tda + j];
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)D, (int)H, (int)N,
                1.0, X->data, (int)X->tda, dZ, (int)H, 1.0, dW1, (int)H);

    store(g->dz2, dS);
    store(g->dW2, dW2);
    store(g->dp1, dH);
    store(g->dz1, dZ);
    store(g->dW1, dW1);

    /* db holds b2's sums in [0, C) and b1's in [C, C + H) */
    colsum(dS, N, C, db);
    colsum(dZ, N, H, db + C);
    for (j = 0; j < C; j++)
        gsl_vector_set(g->db2, j, db[j]);
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db[C + j]);

    free(blk);
    g->present = BP_GRADS_ALL;
    return 0;
}
