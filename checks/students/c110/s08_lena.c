/**
 * backward.c
 * Lena H. -- Optional C module, week 3 homework
 *
 * I split the backward pass into one function per step, so I can test
 * them one by one (the mentor recommended small functions).
 *
 * Index names: n = sample, c = class, h = hidden unit, d = input feature
 */

#include <stdio.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* Step 1: dz2 = (prob - onehot) / N */
static void compute_dz2(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
    size_t n, c;
    double temp;

    for (n = 0; n < prob->size1; n++) {
        for (c = 0; c < prob->size2; c++) {
            temp = gsl_matrix_get(prob, n, c);
            if (c == y[n])
                temp = temp - 1.0;
            gsl_matrix_set(dz2, n, c, temp / prob->size1);
        }
    }
}

/* Steps 2 and 6: dW = A^T * delta + 2 * reg * W */
static void compute_dW(const gsl_matrix *A, const gsl_matrix *delta,
                       const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    size_t n, r, c;
    double sum;

    for (r = 0; r < dW->size1; r++) {
        for (c = 0; c < dW->size2; c++) {
            sum = 0.0;
            for (n = 0; n < A->size1; n++)
                sum += gsl_matrix_get(A, n, r) * gsl_matrix_get(delta, n, c);
            gsl_matrix_set(dW, r, c, sum + 2.0 * reg * gsl_matrix_get(W, r, c));
        }
    }
}

/* Steps 3 and 7: db = sum over samples of delta */
static void compute_db(const gsl_matrix *delta, gsl_vector *db)
{
    size_t n, c;
    double sum;

    for (c = 0; c < delta->size2; c++) {
        sum = 0.0;
        for (n = 0; n < delta->size1; n++)
            sum += gsl_matrix_get(delta, n, c);
        gsl_vector_set(db, c, sum);
    }
}

/* Step 4: dp1 = dz2 * W2^T, dp1[n][h] = sum over classes c */
static void compute_dp1(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
    size_t n, h, c;
    double sum;

    for (n = 0; n < dp1->size1; n++) {
        for (h = 0; h < dp1->size2; h++) {
            sum = 0.0;
            for (c = 1; c < W2->size2; c++)   /* classes 1..C */
                sum += gsl_matrix_get(dz2, n, c) * gsl_matrix_get(W2, h, c);
            gsl_matrix_set(dp1, n, h, sum);
        }
    }
}

/* Step 5: relu backward */
static void compute_dz1(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
    size_t n, h;

    for (n = 0; n < dz1->size1; n++)
        for (h = 0; h < dz1->size2; h++)
            gsl_matrix_set(dz1, n, h,
                           gsl_matrix_get(z1, n, h) > 0 ? gsl_matrix_get(dp1, n, h) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    compute_dz2(cache->prob, y, g->dz2);
    compute_dW(cache->p1, g->dz2, net->W2, reg, g->dW2);
    compute_db(g->dz2, g->db2);
    compute_dp1(g->dz2, net->W2, g->dp1);
    /* printf("dp1(0,0) = %f\n", gsl_matrix_get(g->dp1, 0, 0)); */
    compute_dz1(g->dp1, cache->z1, g->dz1);
    compute_dW(X, g->dz1, net->W1, reg, g->dW1);
    compute_db(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
