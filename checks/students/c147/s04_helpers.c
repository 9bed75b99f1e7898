/*
 *  backward.c  --  hand written backprop for the 2 layer network
 *
 *  Small helpers for the matrix products so that backward() reads
 *  like the formulas on the sheet.  ELEM is row-major with the tda.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

#define ELEM(m, r, c)   ((m)->data[(r) * (m)->tda + (c)])
#define VEL(v, r)       ((v)->data[(r) * (v)->stride])

/* C = A^T B + beta*C ; A is (K x M), B is (K x P), C is (M x P) */
static int matmul_tn(const gsl_matrix *A, const gsl_matrix *B, double beta,
                     gsl_matrix *Cm)
{
    int r, c, t;
    double acc;

    if (A->size1 != B->size1 || Cm->size1 != A->size2 || Cm->size2 != B->size2)
        return -1;
    for (r = 0; r < (int) Cm->size1; r++)
    {
        for (c = 0; c < (int) Cm->size2; c++)
        {
            acc = 0.0;
            for (t = 0; t < (int) A->size1; t++)
                acc += ELEM(A, t, r) * ELEM(B, t, c);
            ELEM(Cm, r, c) = acc + beta * ELEM(Cm, r, c);
        }
    }
    return 0;
}

/* v = column sums of A */
static void col_sums(const gsl_matrix *A, gsl_vector *v)
{
    int r, c;

    for (c = 0; c < (int) A->size2; c++)
        VEL(v, c) = 0.0;
    for (r = 0; r < (int) A->size1; r++)
        for (c = 0; c < (int) A->size2; c++)
            VEL(v, c) += ELEM(A, r, c);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int i, j, k, N, H, C;
    double s;

    N = (int) X->size1;
    H = (int) net->H;
    C = (int) net->C;

    /* dz2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            ELEM(g->dz2, i, k) = (ELEM(cache->prob, i, k)
                                  - (k == (int) y[i] ? 1.0 : 0.0)) / (double) N;

    /* dW2 : put 2 reg W2 in first, matmul_tn adds p1^T dz2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    if (matmul_tn(cache->p1, g->dz2, 2.0 * reg, g->dW2) != 0)
        return 1;

    col_sums(g->dz2, g->db2);

    /* dp1 = dz2 W2^T, no helper for this one */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            s = 0.0;
            for (k = 0; k < C; k++)
                s += ELEM(g->dz2, i, k) * ELEM(net->W2, j, k);
            ELEM(g->dp1, i, j) = s;
        }
    }

    /* dz1: the relu passes the gradient only where it was active */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            ELEM(g->dz1, i, j) = ELEM(cache->z1, i, j) > 0.0 ? ELEM(g->dp1, i, j) : 0.0;

    gsl_matrix_memcpy(g->dW1, net->W1);
    if (matmul_tn(X, g->dz1, 2.0 * reg, g->dW1) != 0)
        return 1;

    col_sums(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
