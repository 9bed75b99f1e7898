/* backward.c
   Lab 4 - Backpropagation
   dims: N samples, D inputs, H hidden, C classes
*/
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = cache->N;
    size_t D = net->D;
    size_t H = net->H;
    size_t C = net->C;
    size_t n, d, h, c;
    double sum = 0;

    /* dz2 */
    for (n = 0; n < N; n++)
    {
        for (c = 0; c < C; c++)
        {
            if (c == y[n])
                gsl_matrix_set(g->dz2, n, c, (gsl_matrix_get(cache->prob, n, c) - 1) / N);
            else
                gsl_matrix_set(g->dz2, n, c, gsl_matrix_get(cache->prob, n, c) / N);
        }
    }

    /* dW2 */
    for (h = 0; h < H; h++)
    {
        for (c = 0; c < C; c++)
        {
            sum = 0;
            for (n = 0; n < N; n++)
                sum += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
            sum += 2 * reg * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dW2, h, c, sum);
        }
    }

    /* db2 */
    for (c = 0; c < C; c++)
    {
        sum = 0;
        for (n = 0; n < N; n++)
            sum += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, sum);
    }

    /* dp1 */
    for (n = 0; n < N; n++)
    {
        for (h = 0; h < H; h++)
        {
            sum = 0;
            for (c = 0; c < C; c++)
                sum += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, sum);
        }
    }

    /* dz1 */
    for (n = 0; n < N; n++)
    {
        for (h = 0; h < H; h++)
        {
            if (gsl_matrix_get(cache->z1, n, h) > 0)
                gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(g->dp1, n, h));
            else
                gsl_matrix_set(g->dz1, n, h, 0);
        }
    }

    /* dW1 */
    for (d = 0; d < D; d++)
    {
        for (h = 0; h < H; h++)
        {
            sum = 0;
            for (n = 0; n < N; n++)
                sum += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            sum += 2 * reg * gsl_matrix_get(net->W1, d, h);
            gsl_matrix_set(g->dW1, d, h, sum);
        }
    }

    /* db1 */
    for (h = 0; h < H; h++)
    {
        for (n = 0; n < N; n++)
            sum += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, sum);
        sum = 0; /* reset for the next one */
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
