/* backward -- reverse mode, sample by sample.
   For every sample i the forward pass was
     z1[i] = X[i] W1 + b1 ; p1[i] = relu(z1[i]) ; z2[i] = p1[i] W2 + b2
   and the loss adds -log prob[i][y[i]] / N.  The parameter adjoints
   collect one term per sample. */

#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, d, h, c;
    double *adj_z2, *adj_p1, *adj_z1;   /* one row, reused */
    double *adj_W1, *adj_b1, *adj_W2, *adj_b2;

    if (N != cache->N || D != X->size2)
        return 1;

    adj_z2 = malloc(C * sizeof(double));
    adj_p1 = malloc(H * sizeof(double));
    adj_z1 = malloc(H * sizeof(double));
    adj_W1 = calloc(D * H, sizeof(double));
    adj_b1 = calloc(H, sizeof(double));
    adj_W2 = calloc(H * C, sizeof(double));
    adj_b2 = calloc(C, sizeof(double));

    for (i = 0; i < N; i++)
    {
        // L += -log prob[i][y_i] / N
        for (c = 0; c < C; c++)
            adj_z2[c] = gsl_matrix_get(cache->prob, i, c) / N;
        adj_z2[y[i]] -= 1.0 / N;

        // z2[i] = p1[i] W2 + b2
        for (h = 0; h < H; h++)
        {
            double s = 0.0;
            for (c = 0; c < C; c++)
            {
                adj_W2[h * C + c] += gsl_matrix_get(cache->p1, i, h) * adj_z2[c];
                s += adj_z2[c] * gsl_matrix_get(net->W2, h, c);
            }
            adj_p1[h] = s;
        }
        for (c = 0; c < C; c++)
            adj_b2[c] = adj_z2[c];

        // p1[i] = relu(z1[i])
        for (h = 0; h < H; h++)
            adj_z1[h] = gsl_matrix_get(cache->z1, i, h) > 0 ? adj_p1[h] : 0;

        // z1[i] = X[i] W1 + b1
        for (d = 0; d < D; d++)
            for (h = 0; h < H; h++)
                adj_W1[d * H + h] += gsl_matrix_get(X, i, d) * adj_z1[h];
        for (h = 0; h < H; h++)
            adj_b1[h] += adj_z1[h];

        // keep this sample's rows
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dz2, i, c, adj_z2[c]);
        for (h = 0; h < H; h++)
        {
            gsl_matrix_set(g->dp1, i, h, adj_p1[h]);
            gsl_matrix_set(g->dz1, i, h, adj_z1[h]);
        }
    }

    // L += reg (|W1|^2 + |W2|^2)
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dW1, d, h, adj_W1[d * H + h] + 2 * reg * gsl_matrix_get(net->W1, d, h));
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, adj_W2[h * C + c] + 2 * reg * gsl_matrix_get(net->W2, h, c));
    for (h = 0; h < H; h++)
        gsl_vector_set(g->db1, h, adj_b1[h]);
    for (c = 0; c < C; c++)
        gsl_vector_set(g->db2, c, adj_b2[c]);

    free(adj_z2); free(adj_p1); free(adj_z1);
    free(adj_W1); free(adj_b1); free(adj_W2); free(adj_b2);
    g->present = BP_GRADS_ALL;
    return 0;
}
