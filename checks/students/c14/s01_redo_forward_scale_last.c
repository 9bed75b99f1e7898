/* backward.c -- two-layer net, backward pass
 * Hannah Kowalczyk, lab 3
 *
 * I don't want to depend on what the forward pass left in the cache (the
 * TA says it is right, but I'd rather know exactly what I differentiate),
 * so the forward pass is redone here from X and the weights and every
 * gradient is taken from my own copies.  The gradients are first computed
 * for the SUM of the per-sample losses and divided by N once, at the very
 * end; the penalty is added after that division.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* A := A + 1 b'   (b added to every row) */
static void add_to_rows(gsl_matrix *A, const gsl_vector *b)
{
    for (size_t i = 0; i < A->size1; i++) {
        gsl_vector_view row = gsl_matrix_row(A, i);
        gsl_vector_add(&row.vector, b);
    }
}

/* out[j] := sum_i A[i][j] */
static void column_sums(const gsl_matrix *A, gsl_vector *out)
{
    gsl_vector_set_zero(out);
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            out->data[j * out->stride] += gsl_matrix_get(A, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;

    if (cache->N != N || g->N != N)
        return 1;

    gsl_matrix *z1 = gsl_matrix_alloc(N, H);
    gsl_matrix *h = gsl_matrix_alloc(N, H);
    gsl_matrix *scores = gsl_matrix_alloc(N, C);
    gsl_matrix *dscores = gsl_matrix_alloc(N, C);
    gsl_matrix *dh = gsl_matrix_alloc(N, H);
    if (!z1 || !h || !scores || !dscores || !dh)
        return 1;               /* leaks, but we are done anyway */

    /* ---- forward, again ---- */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 0.0, z1);
    add_to_rows(z1, net->b1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++) {
            double v = gsl_matrix_get(z1, i, j);
            gsl_matrix_set(h, i, j, v > 0.0 ? v : 0.0);
        }
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, h, net->W2, 0.0, scores);
    add_to_rows(scores, net->b2);

    /* softmax, shifted by the row max so that exp cannot overflow;
       the probabilities go straight into dscores */
    for (size_t i = 0; i < N; i++) {
        double mx = gsl_matrix_get(scores, i, 0);
        for (size_t c = 1; c < C; c++)
            if (gsl_matrix_get(scores, i, c) > mx)
                mx = gsl_matrix_get(scores, i, c);
        double sum = 0.0;
        for (size_t c = 0; c < C; c++) {
            double e = exp(gsl_matrix_get(scores, i, c) - mx);
            gsl_matrix_set(dscores, i, c, e);
            sum += e;
        }
        for (size_t c = 0; c < C; c++)
            gsl_matrix_set(dscores, i, c, gsl_matrix_get(dscores, i, c) / sum);
    }

    /* ---- backward for the summed loss (no 1/N yet) ---- */
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, h, dscores, 0.0, g->dW2);
    column_sums(dscores, g->db2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dh);

    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(z1, i, j) > 0.0 ? gsl_matrix_get(dh, i, j) : 0.0);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    column_sums(g->dz1, g->db1);

    /* ---- now the mean: everything that came from dscores gets 1/N ---- */
    const double inv = 1.0 / (double) N;
    gsl_matrix_scale(dscores, inv);
    gsl_matrix_memcpy(g->dz2, dscores);
    gsl_matrix_scale(g->dW2, inv);
    gsl_vector_scale(g->db2, inv);
    gsl_matrix_scale(dh, inv);
    gsl_matrix_memcpy(g->dp1, dh);
    gsl_matrix_scale(g->dz1, inv);
    gsl_matrix_scale(g->dW1, inv);
    gsl_vector_scale(g->db1, inv);

    /* ---- penalty reg*(|W1|^2 + |W2|^2): derivative 2*reg*W ---- */
    for (size_t k = 0; k < net->D; k++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, k, j, gsl_matrix_get(g->dW1, k, j)
                           + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
    for (size_t j = 0; j < H; j++)
        for (size_t c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, j, c, gsl_matrix_get(g->dW2, j, c)
                           + 2.0 * reg * gsl_matrix_get(net->W2, j, c));

    g->present = BP_GRADS_ALL;

    gsl_matrix_free(z1);
    gsl_matrix_free(h);
    gsl_matrix_free(scores);
    gsl_matrix_free(dscores);
    gsl_matrix_free(dh);
    return 0;
}
