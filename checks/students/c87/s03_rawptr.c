// Homework 3: backward pass.
// I wrote the helpers on plain double arrays (row major, "ld" = row stride,
// which is tda for a gsl_matrix) so they do not depend on GSL.

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void compute_dz2(double *dz2, size_t ld_dz2, const double *prob, size_t ld_prob,
                        const size_t *y, size_t N, size_t C)
{
    for (size_t n = 0; n < N; n++)
    {
        for (size_t c = 0; c < C; c++)
            dz2[n * ld_dz2 + c] = prob[n * ld_prob + c] / N;
        dz2[n * ld_dz2 + y[n]] -= 1.0 / N;
    }
}

// dW (K x M) = A^T (N x K) * dZ (N x M) + 2*reg*W
static void compute_dW(double *dW, size_t ld_dW, const double *A, size_t ld_A,
                       const double *dZ, size_t ld_dZ, const double *W, size_t ld_W,
                       double reg, size_t N, size_t K, size_t M)
{
    for (size_t k = 0; k < K; k++)
    {
        for (size_t m = 0; m < M; m++)
        {
            double acc = 2.0 * reg * W[k * ld_W + m];
            for (size_t n = 0; n < N; n++)
                acc += A[n * ld_A + k] * dZ[n * ld_dZ + m];
            dW[k * ld_dW + m] = acc;
        }
    }
}

// column sums, db has M entries (stride 1 for our vectors)
static void compute_db(double *db, size_t stride, const double *dZ, size_t ld_dZ,
                       size_t N, size_t M)
{
    for (size_t m = 0; m < M; m++)
    {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++)
            acc += dZ[n * ld_dZ + m];
        db[m * stride] = acc;
    }
}

// dp1 (N x H) = dz2 (N x C) * W2^T, W2 is H x C
static void compute_dp1(double *dp1, size_t ld_dp1, const double *dz2, size_t ld_dz2,
                        const double *W2, size_t ld_W2, size_t N, size_t H, size_t C)
{
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++)
        {
            double acc = 0.0;
            for (size_t c = 0; c < C; c++)
                acc += dz2[n * ld_dz2 + c] * W2[h * ld_W2 + c];
            dp1[n * ld_dp1 + h] = acc;
        }
}

static void compute_dz1(double *dz1, size_t ld_dz1, const double *dp1, size_t ld_dp1,
                        const double *z1, size_t ld_z1, size_t N, size_t H)
{
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++)
            dz1[n * ld_dz1 + h] = (z1[n * ld_z1 + h] > 0.0) ? dp1[n * ld_dp1 + h] : 0.0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    compute_dz2(g->dz2->data, g->dz2->tda, cache->prob->data, cache->prob->tda, y, N, C);
    compute_dW(g->dW2->data, g->dW2->tda, cache->p1->data, cache->p1->tda,
               g->dz2->data, g->dz2->tda, net->W2->data, net->W2->tda, reg, N, H, C);
    compute_db(g->db2->data, g->db2->stride, g->dz2->data, g->dz2->tda, N, C);
    compute_dp1(g->dp1->data, g->dp1->tda, g->dz2->data, g->dz2->tda,
                net->W2->data, net->W2->tda, N, H, C);
    compute_dz1(g->dz1->data, g->dz1->tda, g->dp1->data, g->dp1->tda,
                cache->z1->data, cache->z1->tda, N, H);
    compute_dW(g->dW1->data, g->dW1->tda, X->data, X->tda,
               g->dz1->data, g->dz1->tda, net->W1->data, net->W1->tda, reg, N, D, H);
    compute_db(g->db1->data, g->db1->stride, g->dz1->data, g->dz1->tda, N, H);

    g->present = BP_GRADS_ALL;
    return 0;
}
