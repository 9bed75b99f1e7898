/* backward.c
 * Two-layer net, backward pass.  I recompute the forward pass into flat
 * arrays (row-major, my own strides) instead of reading the cache, then
 * write the gradients into g with the GSL get/set functions. */

#include <stdlib.h>
#include <math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* numerically safe softmax of n numbers v[0], v[stride], v[2*stride], ... */
static void my_softmax(double *v, size_t n, size_t stride)
{
    size_t k;
    double mx = v[0], sum = 0.0;

    for (k = 1; k < n; k++)
        if (v[k * stride] > mx)
            mx = v[k * stride];
    for (k = 0; k < n; k++)
    {
        v[k * stride] = exp(v[k * stride] - mx);
        sum += v[k * stride];
    }
    for (k = 0; k < n; k++)
        v[k * stride] /= sum;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, h, c, d;
    double *z1, *a1, *sc;

    (void)cache;
    z1 = malloc(N * H * sizeof(double));
    a1 = malloc(N * H * sizeof(double));
    sc = malloc(N * C * sizeof(double));
    if (!z1 || !a1 || !sc)
    {
        free(z1); free(a1); free(sc);
        return 1;
    }

    /* forward again */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
        {
            double t = gsl_vector_get(net->b1, h);
            for (d = 0; d < D; d++)
                t += gsl_matrix_get(X, n, d) * gsl_matrix_get(net->W1, d, h);
            z1[n * H + h] = t;
            a1[n * H + h] = t > 0 ? t : 0;
        }
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
        {
            double t = gsl_vector_get(net->b2, c);
            for (h = 0; h < H; h++)
                t += a1[n * H + h] * gsl_matrix_get(net->W2, h, c);
            sc[n * C + c] = t;
        }
    /* scores -> probabilities */
    for (c = 0; c < C; c++)
        my_softmax(sc + c, N, C);

    /* dz2 */
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
        {
            double p = sc[n * C + c];
            if (c == y[n])
                p -= 1.0;
            gsl_matrix_set(g->dz2, n, c, p / N);
        }

    /* dW2, db2 */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
        {
            double t = 2.0 * reg * gsl_matrix_get(net->W2, h, c);
            for (n = 0; n < N; n++)
                t += a1[n * H + h] * gsl_matrix_get(g->dz2, n, c);
            gsl_matrix_set(g->dW2, h, c, t);
        }
    for (c = 0; c < C; c++)
    {
        double t = 0.0;
        for (n = 0; n < N; n++)
            t += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, t);
    }

    /* dp1, dz1 */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
        {
            double t = 0.0;
            for (c = 0; c < C; c++)
                t += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, t);
            gsl_matrix_set(g->dz1, n, h, z1[n * H + h] > 0 ? t : 0.0);
        }

    /* dW1, db1 */
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
        {
            double t = 2.0 * reg * gsl_matrix_get(net->W1, d, h);
            for (n = 0; n < N; n++)
                t += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, d, h, t);
        }
    for (h = 0; h < H; h++)
    {
        double t = 0.0;
        for (n = 0; n < N; n++)
            t += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, t);
    }

    free(z1);
    free(a1);
    free(sc);
    g->present = BP_GRADS_ALL;
    return 0;
}
